import { checkPermissions, PERMISSION_KEYS } from '../../core/index.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { scopeSubscription } from '../licences/scope-subscription.js';
import { staffView } from '../views.js';
import { endSessions, heldLicences, liveSessionCount, loadStaff } from './staff-records.js';

export interface StaffChanges {
  readonly name?: string | undefined;
  readonly status?: 'active' | 'inactive' | undefined;
}

/**
 * Rename, or make active or inactive. An inactive staff member keeps their licences and
 * they stay billed until released (001); they can no longer sign in.
 */
export async function updateStaff(
  context: AppContext,
  actor: Actor,
  staffId: string,
  changes: StaffChanges,
) {
  requireScope(actor, 'staff:manage');
  return inTransaction(context, async (trx) => {
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
    if (updated.status === 'inactive') await endSessions(trx, staff.id, context.clock());
    await audit(trx, actor, now, {
      action: 'staff.updated',
      subject: staff.id,
      before: { name: staff.name, status: staff.status },
      after: { name: updated.name, status: updated.status },
    });
    return staffView(updated, await heldLicences(trx, [staff.id]));
  });
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
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const staff = await loadStaff(trx, actor.orgId, staffId, true);
    if (staff.is_owner)
      throw new AppError(
        'conflict',
        'The account owner always has every permission',
        'permissions',
      );
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
    await audit(trx, actor, now, {
      action: 'staff.permissions_changed',
      subject: staff.id,
      before: { permissions: staff.permissions },
      after: { permissions: unique, sessionsEnded: sessions },
    });
    return { ...staffView({ ...staff, permissions: unique }, held), sessionsEnded: sessions };
  });
}
