import { currencyExponent } from '../../core/money/currency.js';
import type { Actor, AppContext } from '../context.js';
import { loadOrganization, organizationNow } from './organization-clock.js';

export async function getOrganization(context: AppContext, actor: Actor) {
  const db = context.store.db;
  const organization = await loadOrganization(db, actor.orgId);
  const locations = await db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('org_id', '=', actor.orgId)
    .orderBy('id')
    .execute();
  return {
    id: organization.id,
    name: organization.name,
    timeZone: organization.time_zone,
    currency: organization.currency,
    // The one source of a currency's decimals (ISO 4217), the engine's: the console uses it.
    currencyExponent: currencyExponent(organization.currency),
    ownerId: organization.owner_staff_id,
    now: organizationNow(context, organization).toISOString(),
    testClock: organization.test_clock_at !== null,
    locations,
  };
}
