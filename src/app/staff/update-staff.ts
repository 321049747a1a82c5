import { emitEvent } from '../webhooks/emit-event.js';
import { actorName, notify } from '../notifications/notify.js';
import { permissionsChangedEmail } from '../../notifications/templates/permissions-changed.js';
import { checkPermissions, PERMISSION_KEYS } from '../../core/index.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { scopeSubscription } from '../licences/scope-subscription.js';
import { forgetCachedKeys } from '../access/authenticate.js';
import { checkGrant } from '../access/grant-rules.js';
import { lapsePermissions } from '../licences/settle-licences.js';
import { staffView } from '../views.js';
import { endSessions, heldLicences, liveSessionCount, loadStaff } from './staff-records.js';

export interface StaffChanges {
  readonly name?: string | undefined;
  readonly status?: 'active' | 'inactive' | undefined;
}

/**
 * Rename, or make active or inactive. Making someone inactive signs them out and returns their
 * licences to the pool (001 step 3, 002): there they show as available and unused, and stay
 * billed until removed with a licence change.
 */
export async function updateStaff(
  context: AppContext,
  actor: Actor,
  staffId: string,
  changes: StaffChanges,
) {
  requireScope(actor, 'staff:manage');
  const result = await inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const staff = await loadStaff(trx, actor.orgId, staffId, true);
    if (changes.status === 'inactive' && staff.is_owner) {
      throw new AppError('conflict', 'The account owner cannot be made inactive', 'status');
    }
    const updated = {
      ...staff,
      name: changes.name ?? staff.name,
      status: changes.status ?? staff.status,
      updated_at: now,
    };
    await trx
      .updateTable('staff')
      .set({ name: updated.name, status: updated.status, updated_at: now })
      .where('id', '=', staff.id)
      .execute();
    let returned: { licenceType: string; subscriptionId: string }[] = [];
    if (updated.status === 'inactive' && staff.status !== 'inactive') {
      await endSessions(trx, staff.id, context.clock());
      returned = await returnLicencesToPool(trx, actor, staff.id, now);
      if (returned.length > 0) {
        const subscriptionId = await scopeSubscription(trx, actor.orgId, staff.location_id);
        const plan = stateAt(
          await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: false }),
          now,
        ).plan;
        // The permissions that needed the licences lapse with them (003).
        updated.permissions = [...(await lapsePermissions(trx, actor, plan, staff.id, now))];
      }
    }
    await audit(trx, actor, now, {
      action: 'staff.updated',
      subject: staff.id,
      before: { name: staff.name, status: staff.status },
      after: { name: updated.name, status: updated.status, licencesReturned: returned },
    });
    return {
      ...staffView(updated, await heldLicences(trx, [staff.id])),
      licencesReturned: returned,
    };
  });
  // Keys made by this member may do less now: forget them at once.
  forgetCachedKeys(context);
  return result;
}

/**
 * Replace a staff member's permissions. Each must be covered by a licence they hold and
 * have switched on (003). Saving ends their sessions so the new permissions apply; when
 * they are signed in, the request must say it knows (`confirmLogout`).
 */
export async function setPermissions(
  context: AppContext,
  actor: Actor,
  staffId: string,
  permissions: readonly string[],
  confirmLogout: boolean,
) {
  requireScope(actor, 'staff:manage');
  permissions.forEach((key, i) => {
    if (!PERMISSION_KEYS.includes(key)) {
      throw new AppError('validation_failed', `Unknown permission "${key}"`, `permissions[${i}]`);
    }
  });
  const result = await inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const staff = await loadStaff(trx, actor.orgId, staffId, true);
    if (staff.is_owner)
      throw new AppError(
        'conflict',
        'The account owner always has every permission',
        'permissions',
      );
    checkGrant(actor, staff.id, staff.permissions, permissions);
    const held = await heldLicences(trx, [staff.id]);
    const subscriptionId = await scopeSubscription(trx, actor.orgId, staff.location_id);
    const plan = stateAt(
      await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: false }),
      now,
    ).plan;
    const violation = checkPermissions(
      plan,
      held.filter((a) => a.active).map((a) => a.licence_type),
      permissions,
    );
    if (violation) throw new AppError(violation.code, violation.message, violation.field);
    const sessions = await liveSessionCount(trx, staff.id, context.clock());
    if (sessions > 0 && !confirmLogout) {
      throw new AppError(
        'logout_confirmation_required',
        `${staff.name} is signed in: saving signs them out so the new permissions apply. Ask them to save their work, then confirm.`,
        'confirmLogout',
        { sessions },
      );
    }
    const unique = [...new Set(permissions)];
    await trx
      .updateTable('staff')
      .set({ permissions: unique, updated_at: now })
      .where('id', '=', staff.id)
      .execute();
    await endSessions(trx, staff.id, context.clock());
    const before = new Set(staff.permissions);
    const added = unique.filter((key) => !before.has(key));
    const removed = staff.permissions.filter((key) => !unique.includes(key));
    if (added.length + removed.length > 0) {
      const by = await actorName(context, trx, actor, 'An administrator');
      await notify(context, trx, {
        orgId: actor.orgId,
        kind: 'permissions_changed',
        subjectStaffId: staff.id,
        locationId: staff.location_id,
        at: now,
        content: permissionsChangedEmail({
          staffName: staff.name,
          added,
          removed,
          sessionsEnded: sessions > 0,
          by,
        }),
      });
    }
    await audit(trx, actor, now, {
      action: 'staff.permissions_changed',
      subject: staff.id,
      before: { permissions: staff.permissions },
      after: { permissions: unique, sessionsEnded: sessions },
    });
    return { ...staffView({ ...staff, permissions: unique }, held), sessionsEnded: sessions };
  });
  // Keys made by this member may do less now: forget them at once.
  forgetCachedKeys(context);
  return result;
}

/** Release every licence a member holds, each in the audit log with why. */
async function returnLicencesToPool(
  db: Parameters<Parameters<typeof inTransaction>[1]>[0],
  actor: Actor,
  staffId: string,
  now: Date,
): Promise<{ licenceType: string; subscriptionId: string }[]> {
  const released = await db
    .updateTable('licence_assignments')
    .set({ released_at: now })
    .where('staff_id', '=', staffId)
    .where('released_at', 'is', null)
    .returning(['licence_type', 'subscription_id'])
    .execute();
  for (const licence of released) {
    await audit(db, actor, now, {
      action: 'licence.released',
      subject: staffId,
      before: { licenceType: licence.licence_type, subscriptionId: licence.subscription_id },
      reason: 'staff made inactive: the licence is back in the pool, billed until removed',
    });
    await emitEvent(db, {
      orgId: actor.orgId,
      type: 'licence.released',
      data: {
        staffId,
        licenceType: licence.licence_type,
        subscriptionId: licence.subscription_id,
        reason: 'staff_inactive',
      },
      at: now,
    });
  }
  return released.map((l) => ({ licenceType: l.licence_type, subscriptionId: l.subscription_id }));
}
