import type { WarningCode } from '../errors.js';
import type { Plan } from '../plans/index.js';
import type { Timeline } from './timeline.js';

/** True when an add-on type holds more seats than its base types together (000). */
export function addonExceedsBase(plan: Plan, seats: (key: string) => number): boolean {
  return plan.licenceTypes.some((type) => {
    if (type.addonTo.length === 0) return false;
    const base = type.addonTo.reduce((sum, key) => sum + seats(key), 0);
    return seats(type.key) > base;
  });
}

/** Warnings for the seats held now and once scheduled decreases have taken effect. */
export function addonWarnings(timeline: Timeline): WarningCode[] {
  const plan = timeline.plan;
  const now = (key: string): number => timeline.seats.get(key) ?? 0;
  const later = (key: string): number => timeline.projected(key);
  return addonExceedsBase(plan, now) || addonExceedsBase(plan, later) ? ['addon_exceeds_base'] : [];
}
