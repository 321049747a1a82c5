import type { SubscriptionRow } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import type { Db } from '../context.js';

/**
 * The subscription whose licences a staff member draws on: the organisation's, or on a
 * per-clinic plan the one of the clinic asked for (by default the staff member's own, or
 * the only clinic's).
 */
export async function scopeSubscription(
  db: Db,
  orgId: string,
  locationId: string | null,
): Promise<SubscriptionRow> {
  const subscriptions = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  const organizationWide = subscriptions.find((subscription) => subscription.location_id === null);
  if (organizationWide) return organizationWide;
  const local = subscriptions.find((subscription) => subscription.location_id === locationId);
  if (local) return local;
  const [only] = subscriptions;
  if (locationId === null && only && subscriptions.length === 1) return only;
  throw new AppError(
    'validation_failed',
    locationId
      ? 'This clinic has no subscription'
      : 'Licences are per clinic here: name the clinic (locationId) or give the staff member one',
    'locationId',
  );
}
