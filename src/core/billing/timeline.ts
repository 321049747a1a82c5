import { later, type Moment, type ZoneCalendar } from '../calendar/index.js';
import { prorate, WHOLE } from '../money/index.js';
import { findLicenceType, sameInterval, type LicenceType, type Plan } from '../plans/index.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Rejection, WarningCode } from '../errors.js';
import { fractionOf, type BilledPeriod } from './billed-period.js';
import { describeFraction, describeSpan } from './describe-line.js';
import {
  settle,
  type Invoice,
  type InvoiceLine,
  type LineCause,
  type LineKind,
} from './invoice.js';

/** The periods of a plan laid from an anchor: period k starts at anchor + k intervals. */
export interface Schedule {
  readonly plan: Plan;
  readonly anchor: Moment;
}

export interface ScheduledDecrease {
  readonly effective: Moment;
  readonly licenceType: string;
  readonly quantity: number;
}

/** A renewal paid in advance, waiting for the current term to end. */
export interface Renewal {
  readonly plan: Plan;
  readonly schedule: Schedule;
  /** Quantities for the next term; later changes before the term ends adjust them. */
  readonly seats: Map<string, number>;
  /** The next term's first period, invoiced at renewal. */
  readonly prepaid: BilledPeriod;
  /** Index, in the renewal's schedule, of the period at which the next term ends. */
  readonly termEndIndex: number;
}

export interface TermState {
  /** Index of the period the next term starts with. */
  readonly endIndex: number;
  readonly end: Moment;
  readonly windowStart: Moment;
  renewal: Renewal | null;
}

export type EventResult =
  | {
      readonly outcome: 'applied' | 'scheduled';
      readonly effective: Moment;
      readonly warnings: readonly WarningCode[];
    }
  | ({ readonly outcome: 'rejected' } & Rejection);

/**
 * The mutable state of one subscription as the clock moves, and the mechanics every rule
 * shares: periods, terms, lines, invoices. The rules themselves live in their own files.
 */
export class Timeline {
  plan: Plan;
  schedule: Schedule;
  readonly calendar: ZoneCalendar;
  readonly seats: Map<string, number>;
  scheduled: ScheduledDecrease[] = [];
  current: BilledPeriod | null = null;
  nextIndex: number;
  nextStart: Moment;
  term: TermState | null;
  /** A known end from a cancellation, and the credit lines waiting for it. */
  end: Moment | null = null;
  endLines: InvoiceLine[] = [];
  endedAt: Moment | null = null;
  pending: InvoiceLine[] = [];
  renewalLines: InvoiceLine[] = [];
  invoiceDue = false;
  creditBalance = 0n;
  /** Invoices issued before a checkpoint this timeline resumed from. */
  invoiceOffset = 0;
  readonly invoices: Invoice[] = [];

  constructor(scenario: Scenario) {
    this.plan = scenario.plan;
    this.calendar = scenario.calendar;
    const start = this.snap(scenario.start);
    const anchor = this.snap(scenario.billingAnchor);
    this.schedule = { plan: scenario.plan, anchor };
    this.seats = new Map(scenario.seats);
    this.nextIndex = start.ms < anchor.ms ? -1 : 0;
    this.nextStart = start;
    this.term = this.openTerm(this.schedule, this.plan.term?.intervals ?? 0);
  }

  get ended(): boolean {
    return this.endedAt !== null;
  }

  /** With a day basis every change counts from the start of its calendar day. */
  snap(moment: Moment): Moment {
    if (this.plan.proration.basis === 'second') return moment;
    const midnight = this.calendar.startOfDay(moment.day);
    return this.current ? later(midnight, this.current.start) : midnight;
  }

  periodStart(schedule: Schedule, index: number): Moment {
    const { plan, anchor } = schedule;
    return index === 0
      ? anchor
      : this.calendar.addIntervals(anchor, plan.interval, index * plan.intervalCount);
  }

  /** The period boundary after the one at `boundary` (a period start of this timeline). */
  boundaryAfter(boundary: Moment): Moment {
    const current = this.current;
    if (current && boundary.ms === current.start.ms) return current.end;
    const renewal = this.term?.renewal;
    if (renewal && boundary.ms === renewal.prepaid.start.ms) return renewal.prepaid.end;
    return this.periodStart(this.schedule, this.nextIndex + 1);
  }

  openTerm(schedule: Schedule, endIndex: number): TermState | null {
    const term = schedule.plan.term;
    if (!term) return null;
    const end = this.periodStart(schedule, endIndex);
    return {
      endIndex,
      end,
      windowStart: this.calendar.subtractDays(end, term.renewalWindowDays),
      renewal: null,
    };
  }

  inRenewalWindow(at: Moment): boolean {
    const term = this.term;
    return term !== null && at.ms >= term.windowStart.ms && at.ms < term.end.ms;
  }

  /** What the timeline does next by itself: a period starts, or a cancellation ends it. */
  nextSystemTime(): Moment | null {
    if (this.ended) return null;
    let next = this.nextStart;
    if (this.end && this.end.ms < next.ms) next = this.end;
    for (const decrease of this.scheduled) {
      if (decrease.effective.ms < next.ms) next = decrease.effective;
    }
    return next;
  }

  /** Everything the clock does at instant t before the events dated t. */
  advanceTo(t: Moment): void {
    if (this.end && this.end.ms <= t.ms && !this.ended) this.finish(this.end);
    if (this.ended) return;
    this.applyScheduledDecreases(t);
    if (t.ms === this.nextStart.ms) this.startPeriod(t);
  }

  private applyScheduledDecreases(t: Moment): void {
    if (this.scheduled.length === 0) return;
    const remaining: ScheduledDecrease[] = [];
    for (const decrease of this.scheduled) {
      if (decrease.effective.ms > t.ms) {
        remaining.push(decrease);
        continue;
      }
      const held = this.seats.get(decrease.licenceType) ?? 0;
      this.seats.set(decrease.licenceType, Math.max(0, held - decrease.quantity));
    }
    this.scheduled = remaining;
  }

  private startPeriod(t: Moment): void {
    const term = this.term;
    if (term && this.nextIndex === term.endIndex) {
      if (term.renewal) return this.enterRenewedTerm(term.renewal);
      if (!this.plan.term?.autoRenew) return this.finish(t);
      this.term = this.openTerm(this.schedule, term.endIndex + (this.plan.term.intervals ?? 0));
    }
    const index = this.nextIndex;
    const end = this.periodStart(this.schedule, index + 1);
    const cycleStart = index === -1 ? this.periodStart(this.schedule, -1) : t;
    this.current = {
      index,
      plan: this.plan,
      start: t,
      end,
      cycleStart,
      cycleEnd: end,
      paidUntil: this.end && this.end.ms < end.ms ? this.end : end,
      paid: new Map(),
      billed: false,
    };
    this.nextIndex = index + 1;
    this.nextStart = end;
  }

  private enterRenewedTerm(renewal: Renewal): void {
    this.plan = renewal.plan;
    this.schedule = renewal.schedule;
    this.seats.clear();
    for (const [key, quantity] of renewal.seats) this.seats.set(key, quantity);
    const period = renewal.prepaid;
    this.current = period;
    this.nextIndex = period.index + 1;
    this.nextStart = period.end;
    this.term = this.openTerm(renewal.schedule, renewal.termEndIndex);
    // Seats released after the renewal was paid were billed for this period: credit them back.
    for (const [key, paid] of period.paid) {
      const held = this.seats.get(key) ?? 0;
      if (held >= paid) continue;
      period.paid.set(key, held);
      const type = findLicenceType(this.plan, key);
      if (type) {
        this.addLine(
          this.line(
            period,
            'credit',
            type,
            paid - held,
            period.start,
            period.paidUntil,
            'renewal_adjustment',
            null,
          ),
        );
      }
    }
  }

  /** The subscription ends at `at`: waiting credits and pending lines go on a last invoice. */
  finish(at: Moment): void {
    this.endedAt = at;
    this.pending.push(...this.endLines);
    this.endLines = [];
    this.invoiceDue = true;
  }

  /**
   * A line for `quantity` seats of a type over [from, to) of a period, priced by the period's
   * plan. Recurring, proration and credit lines are prorated; a charge is the full price.
   */
  line(
    period: BilledPeriod,
    kind: LineKind,
    type: LicenceType,
    quantity: number,
    from: Moment,
    to: Moment,
    cause: LineCause,
    event: number | null,
  ): InvoiceLine {
    const plan = period.plan;
    const fraction = kind === 'charge' ? WHOLE : fractionOf(period, from, to, plan.proration.basis);
    const amount = prorate(BigInt(type.unitAmount), quantity, fraction, plan.proration.rounding);
    const span = describeSpan(this.calendar, from, to);
    const share = kind === 'charge' ? '' : describeFraction(fraction, plan);
    const what = `${quantity} x ${type.key}`;
    const description =
      kind === 'recurring'
        ? `${what}, ${span}${share}`
        : kind === 'charge'
          ? `${what} added, full price for ${span}`
          : kind === 'proration'
            ? `${what} added, ${span}${share}`
            : `${CREDIT_REASON[cause]} ${what}, ${span}${share}`;
    return {
      kind,
      licenceType: type.key,
      quantity,
      from,
      to,
      amount: kind === 'credit' ? -amount : amount,
      description,
      cause,
      event,
    };
  }

  /** A change line: pending for the next invoice, or invoiced at once, as the plan says. */
  addLine(line: InvoiceLine): void {
    this.pending.push(line);
    if (this.plan.invoiceChanges === 'immediately') this.invoiceDue = true;
  }

  /** Recurring lines of a period for the seats held at its start. */
  recurringLines(
    period: BilledPeriod,
    seats: ReadonlyMap<string, number>,
    cause: LineCause,
    event: number | null,
  ): InvoiceLine[] {
    const lines: InvoiceLine[] = [];
    for (const type of period.plan.licenceTypes) {
      if (type.unlimited) continue;
      const quantity = seats.get(type.key) ?? 0;
      period.paid.set(type.key, quantity);
      if (quantity === 0 || type.unitAmount === 0) continue;
      if (period.paidUntil.ms <= period.start.ms) continue;
      lines.push(
        this.line(
          period,
          'recurring',
          type,
          quantity,
          period.start,
          period.paidUntil,
          cause,
          event,
        ),
      );
    }
    return lines;
  }

  /** Issue what fell due at instant t, after the events dated t. */
  issueDue(t: Moment): void {
    const lines: InvoiceLine[] = [];
    const current = this.current;
    const regular = current !== null && !current.billed && current.start.ms === t.ms;
    if (regular) {
      current.billed = true;
      lines.push(...this.recurringLines(current, this.seats, 'period', null));
    }
    lines.push(...this.renewalLines);
    this.renewalLines = [];
    if (regular || this.invoiceDue) {
      lines.push(...this.pending);
      this.pending = [];
    }
    this.invoiceDue = false;
    if (lines.length === 0) return;
    const settlement = settle(lines, this.creditBalance);
    this.creditBalance = settlement.creditBalance;
    this.invoices.push({
      number: this.invoiceOffset + this.invoices.length + 1,
      issuedAt: t,
      currency: this.plan.currency,
      lines,
      subtotal: settlement.subtotal,
      creditApplied: settlement.creditApplied,
      total: settlement.total,
    });
  }

  /** Seats a type will hold once every scheduled decrease has taken effect. */
  projected(key: string): number {
    let quantity = this.seats.get(key) ?? 0;
    for (const decrease of this.scheduled) {
      if (decrease.licenceType === key) quantity -= decrease.quantity;
    }
    return quantity;
  }

  /** The schedule and term length a renewal onto `plan` continues with. */
  renewalSchedule(term: TermState, plan: Plan): { schedule: Schedule; firstIndex: number } {
    if (sameInterval(plan, this.plan)) {
      return { schedule: { plan, anchor: this.schedule.anchor }, firstIndex: term.endIndex };
    }
    return { schedule: { plan, anchor: term.end }, firstIndex: 0 };
  }
}

const CREDIT_REASON: Record<LineCause, string> = {
  period: 'Credit for',
  change: 'Removed:',
  renewal: 'Credit for',
  cancellation: 'Cancelled:',
  renewal_adjustment: 'Released before the renewed term:',
};
