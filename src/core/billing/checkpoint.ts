import type { Moment } from '../calendar/index.js';
import type { Plan } from '../plans/index.js';
import type { BilledPeriod } from './billed-period.js';
import type { InvoiceLine } from './invoice.js';
import type { Renewal, Schedule, ScheduledDecrease, TermState, Timeline } from './timeline.js';

/**
 * The engine's state at an instant, in plain JSON: everything a Timeline holds once the
 * instant is complete (its events applied, its invoice issued), so the engine can go on from
 * there with the facts after it and give exactly what a run from the start gives. Amounts are
 * decimal strings (JSON numbers are not exact past 2^53); maps are lists of pairs.
 */
export interface Checkpoint {
  readonly version: 1;
  /** The instant the state is complete at. */
  readonly at: number;
  /** Facts of the log already in it: the next fact's index. */
  readonly eventCount: number;
  /** Invoices already issued: the next one's number is this plus one. */
  readonly invoiceCount: number;
  readonly plan: Plan;
  readonly schedule: Schedule;
  readonly seats: readonly (readonly [string, number])[];
  readonly scheduled: readonly ScheduledDecrease[];
  readonly current: PeriodJson | null;
  readonly nextIndex: number;
  readonly nextStart: Moment;
  readonly term: TermJson | null;
  readonly end: Moment | null;
  readonly endLines: readonly LineJson[];
  readonly endedAt: Moment | null;
  readonly pending: readonly LineJson[];
  readonly renewalLines: readonly LineJson[];
  readonly invoiceDue: boolean;
  readonly creditBalance: string;
}

type PeriodJson = Omit<BilledPeriod, 'paid'> & {
  readonly paid: readonly (readonly [string, number])[];
};
type LineJson = Omit<InvoiceLine, 'amount'> & { readonly amount: string };
interface TermJson {
  readonly endIndex: number;
  readonly end: Moment;
  readonly windowStart: Moment;
  readonly renewal: {
    readonly plan: Plan;
    readonly schedule: Schedule;
    readonly seats: readonly (readonly [string, number])[];
    readonly prepaid: PeriodJson;
    readonly termEndIndex: number;
  } | null;
}

/** The timeline's state once instant `at` is complete. */
export function takeCheckpoint(timeline: Timeline, at: number, eventCount: number): Checkpoint {
  const term = timeline.term;
  return {
    version: 1,
    at,
    eventCount,
    invoiceCount: timeline.invoiceOffset + timeline.invoices.length,
    plan: timeline.plan,
    schedule: timeline.schedule,
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
                plan: term.renewal.plan,
                schedule: term.renewal.schedule,
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
}

/** Put a checkpoint's state back into a timeline made for its calendar. */
export function restoreCheckpoint(timeline: Timeline, checkpoint: Checkpoint): void {
  timeline.plan = checkpoint.plan;
  timeline.schedule = checkpoint.schedule;
  timeline.seats.clear();
  for (const [key, quantity] of checkpoint.seats) timeline.seats.set(key, quantity);
  timeline.scheduled = [...checkpoint.scheduled];
  timeline.current = checkpoint.current ? period(checkpoint.current) : null;
  timeline.nextIndex = checkpoint.nextIndex;
  timeline.nextStart = checkpoint.nextStart;
  timeline.term = checkpoint.term ? termState(checkpoint.term) : null;
  timeline.end = checkpoint.end;
  timeline.endLines = checkpoint.endLines.map(line);
  timeline.endedAt = checkpoint.endedAt;
  timeline.pending = checkpoint.pending.map(line);
  timeline.renewalLines = checkpoint.renewalLines.map(line);
  timeline.invoiceDue = checkpoint.invoiceDue;
  timeline.creditBalance = BigInt(checkpoint.creditBalance);
  timeline.invoiceOffset = checkpoint.invoiceCount;
}

function periodJson(p: BilledPeriod): PeriodJson {
  return { ...p, paid: [...p.paid] };
}

function period(p: PeriodJson): BilledPeriod {
  return { ...p, paid: new Map(p.paid) };
}

function lineJson(l: InvoiceLine): LineJson {
  return { ...l, amount: l.amount.toString() };
}

function line(l: LineJson): InvoiceLine {
  return { ...l, amount: BigInt(l.amount) };
}

function termState(t: TermJson): TermState {
  const renewal: Renewal | null = t.renewal
    ? {
        plan: t.renewal.plan,
        schedule: t.renewal.schedule,
        seats: new Map(t.renewal.seats),
        prepaid: period(t.renewal.prepaid),
        termEndIndex: t.renewal.termEndIndex,
      }
    : null;
  return { endIndex: t.endIndex, end: t.end, windowStart: t.windowStart, renewal };
}
