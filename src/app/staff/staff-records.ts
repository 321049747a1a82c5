import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AssignmentRow, OrganizationRow, StaffRow } from '../../store/schema.js';
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

export interface StaffContext {
  readonly organization: OrganizationRow;
  readonly staff: StaffRow;
  /** Licences the staff member holds now, in every scope. */
  readonly held: readonly AssignmentRow[];
  readonly subscriptions: readonly { readonly id: string; readonly location_id: string | null }[];
}

/**
 * Everything a licence decision about one staff member reads first: the staff member's row
 * locked (so changes to one member's licences queue), then in one round trip the
 * organisation, the member, the licences they hold and the organisation's subscriptions. The
 * lock is its own statement: a statement that waited for it would read what it holds as it
 * stood before the holder committed (READ COMMITTED), and two requests could each give the
 * member a licence the other's makes unlawful (provider and admin, 003).
 */
export async function loadStaffContext(
  db: Db,
  orgId: string,
  staffId: string,
): Promise<StaffContext> {
  const locked = await db
    .selectFrom('staff')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', staffId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!locked) throw notFound('Staff member', 'staffId');
  const found = await db
    .selectFrom('staff')
    .innerJoin('organizations', 'organizations.id', 'staff.org_id')
    .selectAll('staff')
    .select([
      'organizations.name as org_name',
      'organizations.time_zone as org_time_zone',
      'organizations.currency as org_currency',
      'organizations.owner_staff_id as org_owner_staff_id',
      'organizations.test_clock_at as org_test_clock_at',
      'organizations.created_at as org_created_at',
      'organizations.invoice_seq as org_invoice_seq',
      'organizations.payment_customer as org_payment_customer',
      'organizations.billing_email as org_billing_email',
      'organizations.notification_preferences as org_notification_preferences',
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('licence_assignments')
          .selectAll('licence_assignments')
          .whereRef('licence_assignments.staff_id', '=', 'staff.id')
          .where('licence_assignments.released_at', 'is', null)
          .orderBy('licence_assignments.id'),
      ).as('held'),
      jsonArrayFrom(
        eb
          .selectFrom('subscriptions')
          .select(['subscriptions.id', 'subscriptions.location_id'])
          .whereRef('subscriptions.org_id', '=', 'staff.org_id')
          .orderBy('subscriptions.id'),
      ).as('subscriptions'),
    ])
    .where('staff.org_id', '=', orgId)
    .where('staff.id', '=', staffId)
    .executeTakeFirst();
  if (!found) throw notFound('Staff member', 'staffId');
  const {
    held,
    subscriptions,
    org_name,
    org_time_zone,
    org_currency,
    org_owner_staff_id,
    org_test_clock_at,
    org_created_at,
    org_invoice_seq,
    org_payment_customer,
    org_billing_email,
    org_notification_preferences,
    ...staff
  } = found;
  return {
    organization: {
      id: orgId,
      org_id: orgId,
      name: org_name,
      time_zone: org_time_zone,
      currency: org_currency,
      owner_staff_id: org_owner_staff_id,
      invoice_seq: org_invoice_seq,
      payment_customer: org_payment_customer,
      billing_email: org_billing_email,
      notification_preferences: org_notification_preferences,
      test_clock_at: org_test_clock_at,
      created_at: org_created_at,
    },
    staff,
    held: held.map((assignment) => ({
      ...assignment,
      assigned_at: new Date(assignment.assigned_at as unknown as string),
      released_at: null,
    })),
    subscriptions,
  };
}
