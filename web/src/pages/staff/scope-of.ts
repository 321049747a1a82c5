import type { PoolSet } from '../../api/types';

/** The subscription a staff member's licences come from: the organisation's or their clinic's. */
export function scopeOf(
  subscriptions: readonly PoolSet[],
  locationId: string | null,
): PoolSet | undefined {
  return (
    subscriptions.find((s) => s.locationId === null) ??
    subscriptions.find((s) => s.locationId === locationId) ??
    (subscriptions.length === 1 ? subscriptions[0] : undefined)
  );
}
