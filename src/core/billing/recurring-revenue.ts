import { amountOf, divideRounded } from '../money/index.js';
import type { Plan } from '../plans/index.js';

/**
 * Monthly recurring revenue of the seats in force: what one billing period of them costs,
 * spread over the months of the period (a year is 12) and rounded once, as the plan rounds.
 * Zero for an ended subscription.
 */
export function monthlyRecurringRevenue(
  plan: Plan,
  seats: ReadonlyMap<string, number>,
  ended: boolean,
): bigint {
  if (ended) return 0n;
  let perPeriod = 0n;
  for (const type of plan.licenceTypes) {
    if (!type.unlimited) perPeriod += amountOf(BigInt(type.unitAmount), seats.get(type.key) ?? 0);
  }
  const months = BigInt(plan.intervalCount * (plan.interval === 'year' ? 12 : 1));
  return divideRounded(perPeriod, months, plan.proration.rounding);
}
