import { AppError } from '../app-error.js';
import { hasScope, type Actor, type AppContext } from '../context.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import {
  loadSubscriptionLog,
  stateAt,
  subscriptionsOf,
} from '../subscriptions/subscription-log.js';
import { assignedCounts, poolsOf } from './licence-pools.js';

/**
 * Each subscription's licence pools as counts, without prices (003: prices are billing's):
 * what the staff page needs to show and give licences, and what a member may ask for (a
 * request), for anyone signed in, and keys that see staff or manage licences.
 */
export async function listLicencePools(context: AppContext, actor: Actor) {
  const signedIn = actor.kind === 'staff';
  if (!signedIn && !hasScope(actor, 'staff:read') && !hasScope(actor, 'licences:manage')) {
    throw new AppError('forbidden', 'This needs the staff:read or licences:manage scope', null, {
      scope: 'staff:read',
    });
  }
  const db = context.store.db;
  const now = organizationNow(context, await loadOrganization(db, actor.orgId));
  const views = [];
  for (const row of await subscriptionsOf(db, actor.orgId)) {
    const log = await loadSubscriptionLog(db, actor.orgId, row.id, { lock: false });
    const state = stateAt(log, now);
    const roles = state.plan.service.licenceRoles;
    views.push({
      subscriptionId: row.id,
      locationId: row.location_id,
      status: state.status,
      blockSize: state.plan.blockSize,
      licenceRoles: { provider: [...roles.provider], admin: [...roles.admin] },
      pools: poolsOf(state, await assignedCounts(db, row.id)).map((pool) => ({
        licenceType: pool.licenceType,
        unlimited: pool.unlimited,
        purchased: pool.purchased,
        assigned: pool.assigned,
        available: pool.available,
      })),
    });
  }
  return views;
}
