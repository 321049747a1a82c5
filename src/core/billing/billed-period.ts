import type { Moment } from '../calendar/index.js';
import type { ProrationBasis, Plan } from '../plans/index.js';
import type { Fraction } from '../money/index.js';

/** A billing period and what has been invoiced for it so far. */
export interface BilledPeriod {
  /** Index in its schedule: period k starts at anchor + k intervals; -1 is the leading one. */
  readonly index: number;
  readonly plan: Plan;
  readonly start: Moment;
  readonly end: Moment;
  /** The full cycle a part of this period is a fraction of. */
  readonly cycleStart: Moment;
  readonly cycleEnd: Moment;
  /** Lines for this period cover time up to here: the end, or a known earlier end. */
  paidUntil: Moment;
  /** Seats per type paid for up to paidUntil: the high-water mark charges are counted from. */
  readonly paid: Map<string, number>;
  /** False between the period's first instant and its regular invoice. */
  billed: boolean;
}

export function fractionOf(
  period: BilledPeriod,
  from: Moment,
  to: Moment,
  basis: ProrationBasis,
): Fraction {
  if (basis === 'day') {
    return {
      part: BigInt(to.day - from.day),
      whole: BigInt(period.cycleEnd.day - period.cycleStart.day),
    };
  }
  return {
    part: BigInt(to.ms - from.ms),
    whole: BigInt(period.cycleEnd.ms - period.cycleStart.ms),
  };
}
