import type { Moment } from '../calendar/index.js';
import { reject } from '../errors.js';
import { findLicenceType } from '../plans/index.js';
import type { BilledPeriod } from './billed-period.js';
import type { EventResult, Timeline } from './timeline.js';

/**
 * The subscription ends at `effective`. Periods not yet billed are billed only up to the
 * end; the part of a billed period after it is credited as `decrease.credit` says, on an
 * invoice issued at the end.
 */
export function cancelSubscription(
  timeline: Timeline,
  effective: Moment,
  at: Moment,
  event: number,
): EventResult {
  if (timeline.end) {
    return {
      outcome: 'rejected',
      ...reject('cancellation_pending', 'The subscription is already cancelled'),
    };
  }
  const end = timeline.snap(effective);
  timeline.end = end;
  const periods = [timeline.current, timeline.term?.renewal?.prepaid ?? null];
  for (const period of periods) {
    if (period) cutAt(timeline, period, end, event);
  }
  if (end.ms <= at.ms) timeline.finish(end);
  return { outcome: end.ms <= at.ms ? 'applied' : 'scheduled', effective: end, warnings: [] };
}

function cutAt(timeline: Timeline, period: BilledPeriod, end: Moment, event: number): void {
  const from = end.ms > period.start.ms ? end : period.start;
  if (from.ms >= period.paidUntil.ms) return;
  if (period.billed && period.plan.decrease.credit === 'prorated') {
    for (const [key, paid] of period.paid) {
      const type = findLicenceType(period.plan, key);
      if (!type || type.unitAmount === 0 || paid === 0) continue;
      timeline.endLines.push(
        timeline.line(period, 'credit', type, paid, from, period.paidUntil, 'cancellation', event),
      );
    }
  }
  period.paidUntil = from;
}
