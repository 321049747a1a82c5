import type { AssignmentRow, StaffRow } from '../../store/schema.js';
import { notFound } from '../app-error.js';
import type { Db } from '../context.js';

export async function loadStaff(
  db: Db,
  orgId: string,
  staffId: string,
  lock = false,
): Promise<StaffRow> {
  let query = db
    .selectFrom('staff')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', staffId);
  if (lock) query = query.forUpdate();
  const staff = await query.executeTakeFirst();
  if (!staff) throw notFound('Staff member', 'staffId');
  return staff;
}

/** Licences a staff member holds now (not released), in every scope. */
export async function heldLicences(db: Db, staffIds: readonly string[]): Promise<AssignmentRow[]> {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('licence_assignments')
    .selectAll()
    .where('staff_id', 'in', staffIds)
    .where('released_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function liveSessionCount(db: Db, staffId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function endSessions(db: Db, staffId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .execute();
}
