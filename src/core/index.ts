// The pure core: no I/O, no clock, no environment.
export {
  resume,
  simulate,
  simulateForBilling,
  simulateToCheckpoint,
  type EventOutcome,
  type SimulationResult,
} from './billing/simulate.js';
export { checkpointPlans, type Checkpoint } from './billing/checkpoint.js';
export type { Invoice, InvoiceLine, LineCause, LineKind } from './billing/invoice.js';
export type { RejectionCode, WarningCode } from './errors.js';
export { parseScenario, type ParseResult } from './scenario/parse-scenario.js';
export { resultToJson } from './scenario/result-json.js';
export type { Scenario, ScenarioEvent } from './scenario/scenario.js';
export { writeJson, type JsonValue } from './json/write-json.js';
export { PRESETS, PRESET_IDS, type Plan } from './plans/index.js';
export { quoteEvent, type Quote } from './billing/quote-change.js';
export type { ScheduledDecrease } from './billing/timeline.js';
export * from './licences/index.js';
export { findLicenceType, readPlan, type LicenceType } from './plans/index.js';
export { planToJson } from './plans/plan-json.js';
export { removalDeadline } from './billing/removal-deadline.js';
export { amountOf } from './money/index.js';
export { monthlyRecurringRevenue } from './billing/recurring-revenue.js';
export { checkLimits, MAX_PERIOD_AMOUNT, MAX_SEATS } from './billing/limits.js';
export { nextDueAt } from './billing/next-due.js';
export {
  dueReminders,
  nextReminderAt,
  remindersOf,
  type Reminder,
  type ReminderKind,
} from './billing/reminders.js';
