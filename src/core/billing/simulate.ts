import type { Moment } from '../calendar/index.js';
import type { Rejection, WarningCode } from '../errors.js';
import type { Scenario, ScenarioEvent } from '../scenario/scenario.js';
import { cancelSubscription } from './cancel-subscription.js';
import { changeQuantities } from './change-quantities.js';
import type { Plan } from '../plans/index.js';
import type { Invoice, InvoiceLine } from './invoice.js';
import { renewTerm } from './renew-term.js';
import { Timeline, type EventResult, type ScheduledDecrease } from './timeline.js';
import { restoreCheckpoint, takeCheckpoint, type Checkpoint } from './checkpoint.js';
import { withdrawDecrease } from './withdraw-decrease.js';

export type EventOutcome =
  | {
      readonly index: number;
      readonly outcome: 'applied' | 'scheduled';
      readonly effective: Moment;
      readonly warnings: readonly WarningCode[];
    }
  | ({ readonly index: number; readonly outcome: 'rejected' } & Rejection);

export interface SimulationResult {
  readonly status: 'active' | 'ended';
  readonly endedAt: Moment | null;
  /** In force at `until`; for an ended subscription, those it held when it ended. */
  readonly seats: ReadonlyMap<string, number>;
  readonly creditBalance: bigint;
  readonly invoices: readonly Invoice[];
  readonly events: readonly EventOutcome[];
  /** Change lines not yet invoiced at `until`: they go on the next invoice. */
  readonly pending: readonly InvoiceLine[];
  /** The plan in force at `until` (a renewal may have changed it). */
  readonly plan: Plan;
  /** When the next period starts, or null once the subscription has ended. */
  readonly nextPeriodStart: Moment | null;
  readonly scheduled: readonly ScheduledDecrease[];
  /** The current term; null for an evergreen plan or an ended subscription. */
  readonly term: {
    readonly end: Moment;
    readonly windowStart: Moment;
    readonly renewed: boolean;
    /** What the next term was renewed on: its plan and quantities; null until renewed. */
    readonly renewal: { readonly plan: Plan; readonly seats: ReadonlyMap<string, number> } | null;
  } | null;
  readonly cancelledFrom: Moment | null;
}

/**
 * Run a subscription through its scenario on a simulated clock. At each instant the
 * timeline's own transitions come first (a cancellation ending it, scheduled decreases,
 * a new period or term), then the events dated then in file order, then the invoices due.
 */
export function simulate(scenario: Scenario): SimulationResult {
  return run(new Timeline(scenario), scenario.events, 0, scenario.until);
}

/**
 * Go on from a checkpoint: `scenario` is the subscription's (its start, anchor and first
 * plan), its events only the facts after the checkpoint (numbered from its eventCount), all
 * dated after the checkpoint's instant. The result holds the invoices issued after the
 * checkpoint and the outcomes of those facts; everything else is as `simulate` of the whole
 * log gives it (a property test proves it, byte for byte).
 */
export function resume(scenario: Scenario, checkpoint: Checkpoint): SimulationResult {
  const timeline = new Timeline(scenario);
  restoreCheckpoint(timeline, checkpoint);
  return run(timeline, scenario.events, checkpoint.eventCount, scenario.until);
}

/**
 * Simulate (or resume) to `until` and take the checkpoint there. Every event must be dated
 * at or before `until`, and no later fact may be dated `until` itself (the service takes
 * checkpoints at an instant an invoice was issued, after which facts come later).
 */
export function simulateToCheckpoint(
  scenario: Scenario,
  from: Checkpoint | null = null,
): { result: SimulationResult; checkpoint: Checkpoint } {
  const timeline = new Timeline(scenario);
  if (from) restoreCheckpoint(timeline, from);
  const offset = from?.eventCount ?? 0;
  const result = run(timeline, scenario.events, offset, scenario.until);
  return {
    result,
    checkpoint: takeCheckpoint(timeline, scenario.until.ms, offset + scenario.events.length),
  };
}

/**
 * Simulate (or resume from `from`) to `until`, as `simulate` does, and keep the checkpoint at
 * the last instant an invoice was issued (null when none was issued after `from`): what a
 * billing run writes with those invoices, from the same run, without simulating again.
 */
export function simulateForBilling(
  scenario: Scenario,
  from: Checkpoint | null,
): { result: SimulationResult; checkpoint: Checkpoint | null } {
  const timeline = new Timeline(scenario);
  if (from) restoreCheckpoint(timeline, from);
  const kept: { checkpoint: Checkpoint | null } = { checkpoint: null };
  const result = run(timeline, scenario.events, from?.eventCount ?? 0, scenario.until, kept);
  return { result, checkpoint: kept.checkpoint };
}

function run(
  timeline: Timeline,
  events: readonly ScenarioEvent[],
  offset: number,
  until: Moment,
  kept: { checkpoint: Checkpoint | null } | null = null,
): SimulationResult {
  const outcomes: EventOutcome[] = [];
  let next = 0;
  for (;;) {
    const system = timeline.nextSystemTime();
    const event = events[next];
    let t = system;
    if (event && (!t || event.at.ms < t.ms)) t = event.at;
    if (!t || t.ms > until.ms) break;
    const issued = timeline.invoices.length;
    timeline.advanceTo(t);
    for (let e = events[next]; e && e.at.ms === t.ms; e = events[++next]) {
      outcomes.push({ index: offset + next, ...apply(timeline, e, offset + next) });
    }
    timeline.issueDue(t);
    // The instant is complete: its facts applied, its invoice issued.
    if (kept && timeline.invoices.length > issued) {
      kept.checkpoint = takeCheckpoint(timeline, t.ms, offset + next);
    }
  }
  for (; next < events.length; next++) {
    outcomes.push({
      index: offset + next,
      outcome: 'rejected',
      code: 'after_until',
      message: 'The simulation stopped at "until" before this event',
    });
  }
  return {
    status: timeline.ended ? 'ended' : 'active',
    endedAt: timeline.endedAt,
    seats: timeline.seats,
    creditBalance: timeline.creditBalance,
    invoices: timeline.invoices,
    events: outcomes,
    pending: timeline.pending,
    plan: timeline.plan,
    nextPeriodStart: timeline.ended ? null : timeline.nextStart,
    scheduled: timeline.scheduled,
    term:
      timeline.term && !timeline.ended
        ? {
            end: timeline.term.end,
            windowStart: timeline.term.windowStart,
            renewed: timeline.term.renewal !== null,
            renewal: timeline.term.renewal
              ? { plan: timeline.term.renewal.plan, seats: timeline.term.renewal.seats }
              : null,
          }
        : null,
    cancelledFrom: timeline.end,
  };
}

function apply(timeline: Timeline, event: ScenarioEvent, index: number): EventResult {
  if (timeline.ended) {
    return {
      outcome: 'rejected',
      code: 'subscription_ended',
      message: 'The subscription has ended',
    };
  }
  switch (event.op) {
    case 'add':
    case 'remove':
    case 'set':
      return changeQuantities(timeline, event.op, event.seats, event.at, index);
    case 'invoice_now':
      timeline.invoiceDue = true;
      return { outcome: 'applied', effective: event.at, warnings: [] };
    case 'renew':
      return renewTerm(timeline, event.plan, event.seats, event.at, index);
    case 'cancel':
      return cancelSubscription(timeline, event.effective, event.at, index);
    case 'credit':
      timeline.creditBalance += event.amount;
      return { outcome: 'applied', effective: event.at, warnings: [] };
    case 'withdraw':
      return withdrawDecrease(timeline, event.seats, event.at);
  }
}
