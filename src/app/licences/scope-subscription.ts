import { AppError } from '../app-error.js';
import type { Db } from '../context.js';

export interface ScopeCandidate {
  readonly id: string;
  readonly location_id: string | null;
}

/**
 * The subscription whose licences a staff member draws on: the organisation's, or on a
 * per-clinic plan the one of the clinic asked for (by default the staff member's own, or
 * the only clinic's).
 */
export function pickScope(
  subscriptions: readonly ScopeCandidate[],
  locationId: string | null,
): string {
  const organizationWide = subscriptions.find((subscription) => subscription.location_id === null);
  if (organizationWide) return organizationWide.id;
  const local = subscriptions.find((subscription) => subscription.location_id === locationId);
  if (local) return local.id;
  const [only] = subscriptions;
  if (locationId === null && only && subscriptions.length === 1) return only.id;
  throw new AppError(
    'validation_failed',
    locationId
      ? 'This clinic has no subscription'
      : 'Licences are per clinic here: name the clinic (locationId) or give the staff member one',
    'locationId',
  );
}

export async function scopeSubscription(
  db: Db,
  orgId: string,
  locationId: string | null,
): Promise<string> {
  const subscriptions = await db
    .selectFrom('subscriptions')
    .select(['id', 'location_id'])
    .where('org_id', '=', orgId)
    .execute();
  return pickScope(subscriptions, locationId);
}
