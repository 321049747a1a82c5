import { checkPermissions } from '../../core/index.js';
import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import { checkGrant } from '../access/grant-rules.js';
import { sendSignInLink } from '../access/sign-in-links.js';
import { actorName } from '../notifications/notify.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { newId } from '../ids.js';
import { hashPassword } from '../secrets.js';
import { staffView } from '../views.js';
import {
  subscriptionsOf,
  stateAt,
  loadSubscriptionLog,
} from '../subscriptions/subscription-log.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';

export interface NewStaff {
  readonly name: string;
  readonly email: string;
  readonly password?: string | undefined;
  readonly locationId?: string | undefined;
  readonly permissions: readonly string[];
}

/** A new staff member, with no licence yet: only permissions that need none. */
export async function createStaff(context: AppContext, actor: Actor, input: NewStaff) {
  requireScope(actor, 'staff:manage');
  checkGrant(actor, null, [], input.permissions);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    if (input.locationId) {
      const location = await trx
        .selectFrom('locations')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', input.locationId)
        .executeTakeFirst();
      if (!location) throw notFound('Location', 'locationId');
    }
    const taken = await trx
      .selectFrom('staff')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
      .executeTakeFirst();
    if (taken)
      throw new AppError(
        'conflict',
        'A staff member of this organisation already has this email',
        'email',
      );
    const [subscription] = await subscriptionsOf(trx, actor.orgId);
    if (subscription && input.permissions.length > 0) {
      const state = stateAt(
        await loadSubscriptionLog(trx, actor.orgId, subscription.id, { lock: false }),
        now,
      );
      const violation = checkPermissions(state.plan, [], input.permissions);
      if (violation) throw new AppError(violation.code, violation.message, 'permissions');
    }
    const id = newId('stf', now);
    const row = {
      org_id: actor.orgId,
      id,
      location_id: input.locationId ?? null,
      name: input.name,
      email: input.email,
      status: 'active' as const,
      permissions: [...input.permissions],
      is_owner: false,
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('staff').values(row).execute();
    // Without a password: an invitation to set one (a single-use link, 11).
    const invitationSentTo = passwordHash
      ? null
      : await sendSignInLink(
          context,
          trx,
          row,
          'invitation',
          await actorName(context, trx, actor, 'Your organisation'),
          now,
        );
    await audit(trx, actor, now, {
      action: 'staff.created',
      subject: id,
      after: {
        name: input.name,
        email: input.email,
        locationId: input.locationId ?? null,
        permissions: input.permissions,
      },
    });
    return { ...staffView(row, []), invitationSentTo };
  });
}

/** Send a staff member a new invitation (the earlier link stops working). */
export async function resendInvitation(context: AppContext, actor: Actor, staffId: string) {
  requireScope(actor, 'staff:manage');
  return inTransaction(context, async (trx) => {
    const staff = await trx
      .selectFrom('staff')
      .select(['id', 'org_id', 'status'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', staffId)
      .executeTakeFirst();
    if (!staff) throw notFound('Staff member', 'staffId');
    if (staff.status !== 'active') {
      throw new AppError('conflict', 'An inactive staff member cannot be invited', 'staffId');
    }
    const now = organizationNow(context, await loadOrganization(trx, actor.orgId));
    const sentTo = await sendSignInLink(
      context,
      trx,
      staff,
      'invitation',
      await actorName(context, trx, actor, 'Your organisation'),
      now,
    );
    await audit(trx, actor, now, { action: 'staff.invited', subject: staff.id });
    return { invitationSentTo: sentTo };
  });
}
