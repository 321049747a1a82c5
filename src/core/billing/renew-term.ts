import type { Moment } from '../calendar/index.js';
import { formatInstant } from '../calendar/index.js';
import { reject } from '../errors.js';
import type { Plan } from '../plans/index.js';
import type { Quantities } from '../scenario/scenario.js';
import { addonExceedsBase } from './addon-warnings.js';
import type { BilledPeriod } from './billed-period.js';
import type { EventResult, Timeline } from './timeline.js';

/**
 * Renew the term inside its renewal window: the next term's first period is invoiced now,
 * on the renewal's plan and quantities (by default those in force at term end, scheduled
 * decreases applied), and the renewal-window block on increases lifts.
 */
export function renewTerm(
  timeline: Timeline,
  plan: Plan | null,
  seats: Quantities | null,
  at: Moment,
  event: number,
): EventResult {
  const term = timeline.term;
  if (!term) return rejected('renewal_not_open', 'This subscription has no term to renew');
  if (timeline.end) {
    return rejected('cancellation_pending', 'The subscription is cancelled; it cannot be renewed');
  }
  if (term.renewal) return rejected('renewal_not_open', 'The term has already been renewed');
  if (!timeline.inRenewalWindow(at)) {
    return rejected(
      'renewal_not_open',
      `The renewal window opens at ${formatInstant(term.windowStart.ms)}`,
    );
  }
  const nextPlan = plan ?? timeline.plan;
  const quantities = new Map<string, number>();
  for (const type of nextPlan.licenceTypes) {
    if (timeline.seats.has(type.key))
      quantities.set(type.key, Math.max(0, projectedAt(timeline, type.key, term.end)));
  }
  for (const [key, quantity] of seats ?? []) {
    const type = nextPlan.licenceTypes.find((t) => t.key === key);
    if (!type)
      return rejected('unknown_licence_type', `The renewal plan has no licence type "${key}"`);
    const change = Math.abs(quantity - (quantities.get(key) ?? 0));
    if (!type.unlimited && change % nextPlan.blockSize !== 0) {
      return rejected(
        'block_size',
        `Licences are sold in blocks of ${nextPlan.blockSize}: ${key} would change by ${change}`,
      );
    }
    quantities.set(key, quantity);
  }

  const { schedule, firstIndex } = timeline.renewalSchedule(term, nextPlan);
  const end = timeline.periodStart(schedule, firstIndex + 1);
  const prepaid: BilledPeriod = {
    index: firstIndex,
    plan: nextPlan,
    start: term.end,
    end,
    cycleStart: term.end,
    cycleEnd: end,
    paidUntil: end,
    paid: new Map(),
    billed: true,
  };
  timeline.renewalLines.push(...timeline.recurringLines(prepaid, quantities, 'renewal', event));
  timeline.invoiceDue = true;
  term.renewal = {
    plan: nextPlan,
    schedule,
    seats: quantities,
    prepaid,
    termEndIndex: firstIndex + (nextPlan.term?.intervals ?? 0),
  };
  const warn = addonExceedsBase(nextPlan, (key) => quantities.get(key) ?? 0);
  return { outcome: 'applied', effective: term.end, warnings: warn ? ['addon_exceeds_base'] : [] };
}

function projectedAt(timeline: Timeline, key: string, when: Moment): number {
  let quantity = timeline.seats.get(key) ?? 0;
  for (const decrease of timeline.scheduled) {
    if (decrease.licenceType === key && decrease.effective.ms <= when.ms)
      quantity -= decrease.quantity;
  }
  return quantity;
}

function rejected(code: Parameters<typeof reject>[0], message: string): EventResult {
  return { outcome: 'rejected', ...reject(code, message) };
}
