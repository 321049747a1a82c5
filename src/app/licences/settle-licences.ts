import {
  checkPermissions,
  findPermission,
  type Plan,
  type SimulationResult,
} from '../../core/index.js';
import { audit } from '../audit.js';
import { SCOPES, type Actor, type Db } from '../context.js';
import type { SubscriptionLog } from '../subscriptions/subscription-log.js';
import { endSessions } from '../staff/staff-records.js';
import { refreshPools } from './licence-pool-rows.js';

/**
 * Bring the licences of a subscription in line with its contract at `until`, in the billing
 * run's transaction: when a renewed term has started, the licences it maps or releases (004);
 * when the subscription has ended, every licence (004: they "expire simultaneously with the
 * rest of your organization's subscription"). Permissions that needed a licence taken away
 * lapse and the member is signed out (003). Each step is in the audit log; repeating it does
 * nothing.
 */
export async function settleLicences(
  db: Db,
  log: SubscriptionLog,
  state: SimulationResult,
  until: Date,
): Promise<void> {
  const { row } = log;
  const actor: Actor = {
    orgId: row.org_id,
    kind: 'system',
    id: 'billing',
    scopes: new Set(SCOPES),
  };
  const touched = new Set<string>();
  const due = await db
    .selectFrom('licence_transitions')
    .selectAll()
    .where('subscription_id', '=', row.id)
    .where('applied_at', 'is', null)
    .where('effective_at', '<=', until)
    .orderBy('effective_at')
    .execute();
  // The new term's pools, before licences are carried into them.
  if (due.length > 0) await refreshPools(db, row, state);
  for (const transition of due) {
    const at = transition.effective_at;
    // Releases first: a licence carried to a type of the new term takes a place in its pool.
    for (const assignmentId of transition.plan.release) {
      await releaseAssignment(db, actor, at, assignmentId, 'licence.released_at_renewal', touched);
    }
    for (const keep of transition.plan.keep) {
      const changed = await db
        .updateTable('licence_assignments')
        .set({ licence_type: keep.licenceType })
        .where('id', '=', keep.assignmentId)
        .where('released_at', 'is', null)
        .where('licence_type', '<>', keep.licenceType)
        .returning(['staff_id', 'licence_type'])
        .executeTakeFirst();
      if (!changed) continue;
      touched.add(changed.staff_id);
      await audit(db, actor, at, {
        action: 'licence.carried_to_new_term',
        subject: changed.staff_id,
        after: { licenceType: keep.licenceType, assignmentId: keep.assignmentId },
      });
    }
    await db
      .updateTable('licence_transitions')
      .set({ applied_at: until })
      .where('id', '=', transition.id)
      .execute();
  }
  if (state.status === 'ended' && state.endedAt && state.endedAt.ms <= until.getTime()) {
    const endedAt = new Date(state.endedAt.ms);
    // Pools closed (none to take) and locked first: a licence being taken meanwhile is
    // committed before the licences held are read, and expires with the others.
    await refreshPools(db, row, state);
    const held = await db
      .selectFrom('licence_assignments')
      .select('id')
      .where('subscription_id', '=', row.id)
      .where('released_at', 'is', null)
      .execute();
    for (const { id } of held) {
      await releaseAssignment(db, actor, endedAt, id, 'licence.expired', touched);
    }
  }
  for (const staffId of touched) await lapsePermissions(db, actor, state.plan, staffId, until);
}

async function releaseAssignment(
  db: Db,
  actor: Actor,
  at: Date,
  assignmentId: string,
  action: string,
  touched: Set<string>,
): Promise<void> {
  const released = await db
    .updateTable('licence_assignments')
    .set({ released_at: at })
    .where('id', '=', assignmentId)
    .where('released_at', 'is', null)
    .returning(['staff_id', 'licence_type', 'subscription_id'])
    .executeTakeFirst();
  if (!released) return;
  touched.add(released.staff_id);
  await audit(db, actor, at, {
    action,
    subject: released.staff_id,
    before: { licenceType: released.licence_type, subscriptionId: released.subscription_id },
  });
}

/** Drop the permissions no licence the member still holds grants; sign them out if any went. */
export async function lapsePermissions(
  db: Db,
  actor: Actor,
  plan: Plan,
  staffId: string,
  at: Date,
): Promise<readonly string[]> {
  const staff = await db
    .selectFrom('staff')
    .select(['id', 'permissions', 'is_owner'])
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!staff || staff.is_owner) return staff?.permissions ?? [];
  const held = await db
    .selectFrom('licence_assignments')
    .select('licence_type')
    .where('staff_id', '=', staffId)
    .where('released_at', 'is', null)
    .where('active', '=', true)
    .execute();
  const types = held.map((h) => h.licence_type);
  const kept = staff.permissions.filter(
    (key) => !findPermission(key)?.needs || checkPermissions(plan, types, [key]) === null,
  );
  if (kept.length === staff.permissions.length) return staff.permissions;
  await db
    .updateTable('staff')
    .set({ permissions: kept, updated_at: at })
    .where('id', '=', staffId)
    .execute();
  await endSessions(db, staffId, at);
  await audit(db, actor, at, {
    action: 'staff.permissions_lapsed',
    subject: staffId,
    before: { permissions: staff.permissions },
    after: { permissions: kept },
  });
  return kept;
}
