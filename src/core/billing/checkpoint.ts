import type { Moment } from '../calendar/index.js';
import type { Plan } from '../plans/index.js';
import type { BilledPeriod } from './billed-period.js';
import type { InvoiceLine } from './invoice.js';
import type { Renewal, Schedule, ScheduledDecrease, TermState, Timeline } from './timeline.js';

/**
 * The engine's state at an instant, in plain JSON: everything a Timeline holds once the
 * instant is complete (its events applied, its invoice issued), so the engine can go on from
 * there with the facts after it and give exactly what a run from the start gives. Amounts are
 * decimal strings (JSON numbers are not exact past 2^53); maps are lists of pairs. Each plan
 * is written once, in `plans`, and named elsewhere by its index (a state names the same plan
 * three times or more): version 2. Version 1 wrote the plans in place; it is still read.
 */
export type Checkpoint = CheckpointOf<2, PlanRef> | CheckpointOf<1, Plan>;

/** A plan of a version 2 checkpoint: its index in `plans`. */
type PlanRef = number;

interface CheckpointOf<V extends 1 | 2, P> {
  readonly version: V;
  /** Version 2: the plans the state names, each once. */
  readonly plans?: readonly Plan[];
  /** The instant the state is complete at. */
  readonly at: number;
  /** Facts of the log already in it: the next fact's index. */
  readonly eventCount: number;
  /** Invoices already issued: the next one's number is this plus one. */
  readonly invoiceCount: number;
  readonly plan: P;
  readonly schedule: ScheduleJson<P>;
  readonly seats: readonly (readonly [string, number])[];
  readonly scheduled: readonly ScheduledDecrease[];
  readonly current: PeriodJson<P> | null;
  readonly nextIndex: number;
  readonly nextStart: Moment;
  readonly term: TermJson<P> | null;
  readonly end: Moment | null;
  readonly endLines: readonly LineJson[];
  readonly endedAt: Moment | null;
  readonly pending: readonly LineJson[];
  readonly renewalLines: readonly LineJson[];
  readonly invoiceDue: boolean;
  readonly creditBalance: string;
}

interface ScheduleJson<P> {
  readonly plan: P;
  readonly anchor: Moment;
}
type PeriodJson<P> = Omit<BilledPeriod, 'paid' | 'plan'> & {
  readonly plan: P;
  readonly paid: readonly (readonly [string, number])[];
};
type LineJson = Omit<InvoiceLine, 'amount'> & { readonly amount: string };
interface TermJson<P> {
  readonly endIndex: number;
  readonly end: Moment;
  readonly windowStart: Moment;
  readonly renewal: {
    readonly plan: P;
    readonly schedule: ScheduleJson<P>;
    readonly seats: readonly (readonly [string, number])[];
    readonly prepaid: PeriodJson<P>;
    readonly termEndIndex: number;
  } | null;
}

/** The timeline's state once instant `at` is complete. */
export function takeCheckpoint(timeline: Timeline, at: number, eventCount: number): Checkpoint {
  const plans: Plan[] = [];
  const ref = (plan: Plan): PlanRef => {
    const known = plans.indexOf(plan);
    return known >= 0 ? known : plans.push(plan) - 1;
  };
  const schedule = (s: Schedule): ScheduleJson<PlanRef> => ({
    plan: ref(s.plan),
    anchor: s.anchor,
  });
  const periodJson = (p: BilledPeriod): PeriodJson<PlanRef> => ({
    ...p,
    plan: ref(p.plan),
    paid: [...p.paid],
  });
  const term = timeline.term;
  const checkpoint: Omit<CheckpointOf<2, PlanRef>, 'plans'> = {
    version: 2,
    at,
    eventCount,
    invoiceCount: timeline.invoiceOffset + timeline.invoices.length,
    plan: ref(timeline.plan),
    schedule: schedule(timeline.schedule),
    seats: [...timeline.seats],
    scheduled: [...timeline.scheduled],
    current: timeline.current ? periodJson(timeline.current) : null,
    nextIndex: timeline.nextIndex,
    nextStart: timeline.nextStart,
    term: term
      ? {
          endIndex: term.endIndex,
          end: term.end,
          windowStart: term.windowStart,
          renewal: term.renewal
            ? {
                plan: ref(term.renewal.plan),
                schedule: schedule(term.renewal.schedule),
                seats: [...term.renewal.seats],
                prepaid: periodJson(term.renewal.prepaid),
                termEndIndex: term.renewal.termEndIndex,
              }
            : null,
        }
      : null,
    end: timeline.end,
    endLines: timeline.endLines.map(lineJson),
    endedAt: timeline.endedAt,
    pending: timeline.pending.map(lineJson),
    renewalLines: timeline.renewalLines.map(lineJson),
    invoiceDue: timeline.invoiceDue,
    creditBalance: timeline.creditBalance.toString(),
  };
  return { ...checkpoint, plans };
}

/** Put a checkpoint's state back into a timeline made for its calendar. */
export function restoreCheckpoint(timeline: Timeline, checkpoint: Checkpoint): void {
  const plan = planReader(checkpoint);
  const schedule = (s: ScheduleJson<PlanRef | Plan>): Schedule => ({
    plan: plan(s.plan),
    anchor: s.anchor,
  });
  const period = (p: PeriodJson<PlanRef | Plan>): BilledPeriod => ({
    ...p,
    plan: plan(p.plan),
    paid: new Map(p.paid),
  });
  timeline.plan = plan(checkpoint.plan);
  timeline.schedule = schedule(checkpoint.schedule);
  timeline.seats.clear();
  for (const [key, quantity] of checkpoint.seats) timeline.seats.set(key, quantity);
  timeline.scheduled = [...checkpoint.scheduled];
  timeline.current = checkpoint.current ? period(checkpoint.current) : null;
  timeline.nextIndex = checkpoint.nextIndex;
  timeline.nextStart = checkpoint.nextStart;
  const term = checkpoint.term;
  const renewal: Renewal | null = term?.renewal
    ? {
        plan: plan(term.renewal.plan),
        schedule: schedule(term.renewal.schedule),
        seats: new Map(term.renewal.seats),
        prepaid: period(term.renewal.prepaid),
        termEndIndex: term.renewal.termEndIndex,
      }
    : null;
  timeline.term = term
    ? ({
        endIndex: term.endIndex,
        end: term.end,
        windowStart: term.windowStart,
        renewal,
      } satisfies TermState)
    : null;
  timeline.end = checkpoint.end;
  timeline.endLines = checkpoint.endLines.map(line);
  timeline.endedAt = checkpoint.endedAt;
  timeline.pending = checkpoint.pending.map(line);
  timeline.renewalLines = checkpoint.renewalLines.map(line);
  timeline.invoiceDue = checkpoint.invoiceDue;
  timeline.creditBalance = BigInt(checkpoint.creditBalance);
  timeline.invoiceOffset = checkpoint.invoiceCount;
}

/** The plan in force at the checkpoint, and the next term's when it was renewed. */
export function checkpointPlans(checkpoint: Checkpoint): {
  readonly plan: Plan;
  readonly renewal: Plan | null;
} {
  const plan = planReader(checkpoint);
  const renewal = checkpoint.term?.renewal?.plan;
  return { plan: plan(checkpoint.plan), renewal: renewal === undefined ? null : plan(renewal) };
}

/** A plan as a checkpoint names it: in place (version 1) or by index (version 2). */
function planReader(checkpoint: Checkpoint): (named: PlanRef | Plan) => Plan {
  const plans = checkpoint.plans ?? [];
  return (named) => {
    if (typeof named !== 'number') return named;
    const plan = plans[named];
    if (!plan) throw new Error(`checkpoint names plan ${named} of ${plans.length}`);
    return plan;
  };
}

function lineJson(l: InvoiceLine): LineJson {
  return { ...l, amount: l.amount.toString() };
}

function line(l: LineJson): InvoiceLine {
  return { ...l, amount: BigInt(l.amount) };
}
