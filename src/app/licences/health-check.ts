import { formatInstant } from '../../core/calendar/index.js';
import { amountOf, removalDeadline } from '../../core/index.js';
import { requireScope, type Actor, type AppContext } from '../context.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import {
  loadSubscriptionLog,
  stateAt,
  subscriptionsOf,
} from '../subscriptions/subscription-log.js';
import { assignedCounts, poolsOf } from './licence-pools.js';

/**
 * The unused-licence health check (002): per clinic and licence type, the licences bought
 * and not assigned, what they cost per period, and until when they can be removed before
 * the next billing cycle; and the inactive staff who still hold a billed licence (001).
 */
export async function healthCheck(context: AppContext, actor: Actor) {
  requireScope(actor, 'billing:read');
  const db = context.store.db;
  const organization = await loadOrganization(db, actor.orgId);
  const now = organizationNow(context, organization);
  const locations = await db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('org_id', '=', actor.orgId)
    .execute();
  const results = [];
  for (const row of await subscriptionsOf(db, actor.orgId)) {
    const log = await loadSubscriptionLog(db, actor.orgId, row.id, { lock: false });
    const state = stateAt(log, now);
    if (state.status === 'ended') continue;
    const plan = state.plan;
    const next = state.nextPeriodStart;
    let deadline = removalDeadline(state);
    // Once this cycle's deadline has passed, a removal asked now waits a cycle: say so.
    let removalEffectiveAt =
      plan.decrease.effective === 'renewal' ? (state.term?.end.ms ?? null) : (next?.ms ?? null);
    const deadlinePassed = deadline !== null && deadline.until < now.getTime();
    if (deadlinePassed && next && plan.decrease.effective === 'period_end') {
      const following = stateAt(log, new Date(next.ms));
      deadline = removalDeadline(following);
      removalEffectiveAt = following.nextPeriodStart?.ms ?? null;
    }
    const inactive = await db
      .selectFrom('licence_assignments')
      .innerJoin('staff', 'staff.id', 'licence_assignments.staff_id')
      .select([
        'staff.id as staffId',
        'staff.name',
        'licence_assignments.licence_type as licenceType',
      ])
      .where('licence_assignments.subscription_id', '=', row.id)
      .where('licence_assignments.released_at', 'is', null)
      .where('staff.status', '=', 'inactive')
      .orderBy('staff.id')
      .execute();
    const pools = poolsOf(state, await assignedCounts(db, row.id));
    results.push({
      subscriptionId: row.id,
      locationId: row.location_id,
      locationName: locations.find((location) => location.id === row.location_id)?.name ?? null,
      currency: plan.currency,
      nextBillingAt: next ? formatInstant(next.ms) : null,
      removalDeadline: deadline
        ? {
            from: deadline.from === null ? null : formatInstant(deadline.from),
            until: formatInstant(deadline.until),
          }
        : null,
      removalTakesEffect: plan.decrease.effective,
      removalEffectiveAt: removalEffectiveAt === null ? null : formatInstant(removalEffectiveAt),
      deadlinePassed,
      unused: pools
        .filter((pool) => !pool.unlimited && pool.purchasedAfterScheduled > pool.assigned)
        .map((pool) => {
          // Counted against what will be left once scheduled removals take effect (002).
          const unused = pool.purchasedAfterScheduled - pool.assigned;
          const scheduled = state.scheduled.filter((d) => d.licenceType === pool.licenceType);
          return {
            licenceType: pool.licenceType,
            purchased: pool.purchased,
            scheduledForRemoval: scheduled.map((d) => ({
              quantity: d.quantity,
              effective: formatInstant(d.effective.ms),
            })),
            purchasedAfterScheduled: pool.purchasedAfterScheduled,
            assigned: pool.assigned,
            unused,
            // What can be removed in whole blocks of the plan, never what is already going.
            proposedRemoval: unused - (unused % plan.blockSize),
            unitAmount: pool.unitAmount,
            costPerPeriod: amountOf(BigInt(pool.unitAmount), unused),
            note: scheduled.length
              ? scheduled
                  .map(
                    (d) =>
                      `${d.quantity} scheduled for removal on ${formatInstant(d.effective.ms)}`,
                  )
                  .join('; ')
              : null,
          };
        }),
      inactiveHolders: inactive,
    });
  }
  return {
    checkedAt: now.toISOString(),
    subscriptions: results,
    unusedCostPerPeriod: results.reduce(
      (sum, result) => sum + result.unused.reduce((total, pool) => total + pool.costPerPeriod, 0n),
      0n,
    ),
  };
}
