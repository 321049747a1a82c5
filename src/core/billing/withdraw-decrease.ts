import type { Moment } from '../calendar/index.js';
import { reject } from '../errors.js';
import { findLicenceType } from '../plans/index.js';
import type { Quantities } from '../scenario/scenario.js';
import type { EventResult, ScheduledDecrease, Timeline } from './timeline.js';

/**
 * Take back licences whose removal is scheduled and not yet in effect (the service's own
 * fact): the subscription keeps them as if they had never been put up for removal. The
 * latest scheduled removals of a type are taken back first; a renewed term that the removal
 * had reduced gets them back. Nothing is invoiced or credited: a scheduled removal changed
 * no invoice yet, so taking it back changes none either (the next period is invoiced with
 * the licences kept). Rejected unless every quantity is a multiple of the block size and at
 * most what is scheduled for that type after `at`.
 */
export function withdrawDecrease(timeline: Timeline, seats: Quantities, at: Moment): EventResult {
  const plan = timeline.plan;
  for (const [key, quantity] of seats) {
    const type = findLicenceType(plan, key);
    if (!type) {
      return rejected('unknown_licence_type', `The plan in force has no licence type "${key}"`);
    }
    if (quantity === 0) continue;
    if (!type.unlimited && quantity % plan.blockSize !== 0) {
      return rejected(
        'block_size',
        `${key}: ${quantity} is not a multiple of the block size ${plan.blockSize}`,
      );
    }
    const waiting = scheduledAfter(timeline.scheduled, key, at);
    if (quantity > waiting) {
      return rejected(
        'nothing_scheduled',
        waiting === 0
          ? `No removal of ${key} licences is waiting to take effect`
          : `Only ${waiting} ${key} licences are waiting to be removed, not ${quantity}`,
      );
    }
  }
  for (const [key, quantity] of seats) {
    if (quantity > 0) takeBack(timeline, key, quantity, at);
  }
  return { outcome: 'applied', effective: at, warnings: [] };
}

function scheduledAfter(scheduled: readonly ScheduledDecrease[], key: string, at: Moment): number {
  return scheduled
    .filter((decrease) => decrease.licenceType === key && decrease.effective.ms > at.ms)
    .reduce((sum, decrease) => sum + decrease.quantity, 0);
}

function takeBack(timeline: Timeline, key: string, quantity: number, at: Moment): void {
  let left = quantity;
  const kept: ScheduledDecrease[] = [];
  // The latest first: the removal asked for last is the one taken back.
  for (const decrease of [...timeline.scheduled].reverse()) {
    if (left === 0 || decrease.licenceType !== key || decrease.effective.ms <= at.ms) {
      kept.push(decrease);
      continue;
    }
    const taken = Math.min(left, decrease.quantity);
    left -= taken;
    restoreRenewal(timeline, decrease, taken);
    if (taken < decrease.quantity) kept.push({ ...decrease, quantity: decrease.quantity - taken });
  }
  timeline.scheduled = kept.reverse();
}

/** A removal before a renewed term had taken its licences from that term too: give them back. */
function restoreRenewal(timeline: Timeline, decrease: ScheduledDecrease, taken: number): void {
  const renewal = timeline.term?.renewal;
  if (!renewal || decrease.effective.ms > renewal.prepaid.start.ms) return;
  if (!renewal.seats.has(decrease.licenceType)) return;
  renewal.seats.set(decrease.licenceType, (renewal.seats.get(decrease.licenceType) ?? 0) + taken);
}

function rejected(code: Parameters<typeof reject>[0], message: string): EventResult {
  return { outcome: 'rejected', ...reject(code, message) };
}
