import { sql } from 'kysely';
import { splitPage } from '../pagination.js';
import { hasScope, type Actor, type AppContext } from '../context.js';
import { staffView } from '../views.js';
import { heldLicences, loadStaff } from './staff-records.js';

export interface StaffFilter {
  readonly search?: string | undefined;
  readonly status?: 'active' | 'inactive' | undefined;
  readonly locationId?: string | undefined;
  readonly licenceType?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** Staff of the organisation, filtered, in id order, a page at a time (cursor = last id). */
export async function listStaff(context: AppContext, actor: Actor, filter: StaffFilter) {
  const db = context.store.db;
  let query = db.selectFrom('staff').selectAll().where('org_id', '=', actor.orgId);
  const emails = hasScope(actor, 'staff:read');
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Searching by e-mail only for those who may read e-mails: no oracle for the others.
    query = query.where((eb) =>
      emails
        ? eb.or([
            eb(eb.fn('lower', ['name']), 'like', pattern),
            eb(eb.fn('lower', ['email']), 'like', pattern),
          ])
        : eb(eb.fn('lower', ['name']), 'like', pattern),
    );
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.locationId) query = query.where('location_id', '=', filter.locationId);
  if (filter.licenceType) {
    const type = filter.licenceType;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('licence_assignments')
          .select(sql`1`.as('one'))
          .whereRef('licence_assignments.staff_id', '=', 'staff.id')
          .where('licence_assignments.licence_type', '=', type)
          .where('licence_assignments.released_at', 'is', null),
      ),
    );
  }
  if (filter.cursor) query = query.where('id', '>', filter.cursor);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, filter.limit);
  const held = await heldLicences(
    db,
    page.map((row) => row.id),
  );
  return {
    data: page.map((row) => staffView(row, held, emails || row.id === actor.staffId)),
    nextCursor,
  };
}

export async function getStaff(context: AppContext, actor: Actor, staffId: string) {
  const staff = await loadStaff(context.store.db, actor.orgId, staffId);
  return staffView(
    staff,
    await heldLicences(context.store.db, [staff.id]),
    hasScope(actor, 'staff:read') || staff.id === actor.staffId,
  );
}
