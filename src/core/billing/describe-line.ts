import { describeDayRange, type Moment, type ZoneCalendar } from '../calendar/index.js';
import type { Fraction } from '../money/index.js';
import type { Plan } from '../plans/index.js';

/** "1 May - 31 May 2026": the calendar days a half-open span covers. */
export function describeSpan(calendar: ZoneCalendar, from: Moment, to: Moment): string {
  const lastDay = calendar.startOfDay(to.day).ms === to.ms ? to.day - 1 : to.day;
  return describeDayRange(from.day, Math.max(from.day, lastDay));
}

/** "17/31 of a month", "1/2 of 3 months"; empty for a whole cycle. */
export function describeFraction(fraction: Fraction, plan: Plan): string {
  if (fraction.part === fraction.whole) return '';
  const divisor = gcd(fraction.part, fraction.whole);
  const cycle =
    plan.intervalCount === 1 ? `a ${plan.interval}` : `${plan.intervalCount} ${plan.interval}s`;
  return ` (${fraction.part / divisor}/${fraction.whole / divisor} of ${cycle})`;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
