import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { newId } from '../ids.js';
import {
  loadSubscriptionLog,
  stateAt,
  subscriptionsOf,
} from '../subscriptions/subscription-log.js';
import { planForNewScope } from '../catalog/plan-catalog.js';
import { createSubscription } from './create-organization.js';
import { loadOrganization, organizationNow } from './organization-clock.js';

/**
 * Open a clinic. On a per-clinic plan it gets its own subscription, on the plan the
 * organisation's clinics are on, starting now with the seats given.
 */
export async function createLocation(
  context: AppContext,
  actor: Actor,
  input: { name: string; seats?: Readonly<Record<string, number>> | undefined },
) {
  requireScope(actor, 'billing:manage');
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const id = newId('loc', now);
    await trx
      .insertInto('locations')
      .values({ org_id: actor.orgId, id, name: input.name, created_at: now })
      .execute();
    const [first] = await subscriptionsOf(trx, actor.orgId);
    let subscriptionId: string | null = null;
    if (first) {
      const state = stateAt(
        await loadSubscriptionLog(trx, actor.orgId, first.id, { lock: false }),
        now,
      );
      if (state.plan.service.scope === 'location') {
        subscriptionId = await createSubscription(trx, {
          orgId: actor.orgId,
          locationId: id,
          plan: await planForNewScope(trx, actor.orgId, first, state.plan.id),
          timeZone: organization.time_zone,
          seats: input.seats ?? {},
          start: now,
          field: 'seats',
        });
      } else if (input.seats && Object.keys(input.seats).length > 0) {
        throw new AppError(
          'validation_failed',
          'Licences are bought for the whole organisation on this plan: change them on its subscription',
          'seats',
        );
      }
    }
    await audit(trx, actor, now, {
      action: 'location.created',
      subject: id,
      after: { name: input.name, subscriptionId },
    });
    return { id, name: input.name, subscriptionId };
  });
}
