import { checkAssign, findLicenceType } from '../../core/index.js';
import { AppError } from '../app-error.js';
import { sql } from 'kysely';
import {
  actorLabel,
  inTransaction,
  requireScope,
  type Actor,
  type AppContext,
  type Db,
} from '../context.js';
import { newId } from '../ids.js';
import { organizationNow } from '../organizations/organization-clock.js';
import { loadStaffContext } from '../staff/staff-records.js';
import { quoteProposal } from '../subscriptions/quote-proposal.js';
import {
  factCount,
  loadSubscriptionLog,
  lockSubscriptionRow,
  stateAt,
  type SubscriptionLog,
} from '../subscriptions/subscription-log.js';
import { assignmentView, lineView } from '../views.js';
import { assignedCounts, poolOf } from './licence-pools.js';
import { pickScope } from './scope-subscription.js';

export interface AssignInput {
  readonly licenceType: string;
  readonly locationId?: string | undefined;
  /** Switch it on at once; by default a new assignment waits to be switched on (003). */
  readonly active?: boolean | undefined;
}

/**
 * Give a staff member a licence from their pool. Everything that can be read without a
 * lock is read first; then the subscription row is locked, the log's version checked, and
 * the assignment inserted only if the pool still has room, in one statement with its audit
 * entry, so concurrent requests for the last licences cannot oversell and the lock is held
 * for as little as possible.
 */
export async function assignLicence(
  context: AppContext,
  actor: Actor,
  staffId: string,
  input: AssignInput,
) {
  requireScope(actor, 'licences:manage');
  return inTransaction(context, async (trx) => {
    const {
      organization,
      staff,
      held: allHeld,
      subscriptions,
    } = await loadStaffContext(trx, actor.orgId, staffId);
    const now = organizationNow(context, organization);
    const subscription = { id: pickScope(subscriptions, input.locationId ?? staff.location_id) };
    let log = await loadSubscriptionLog(trx, actor.orgId, subscription.id, { lock: false });
    let state = stateAt(log, now);
    if (state.status === 'ended') {
      throw new AppError(
        'subscription_ended',
        'This subscription has ended: its licences no longer grant access (004)',
        'licenceType',
      );
    }
    const type = findLicenceType(state.plan, input.licenceType);
    if (!type) {
      throw new AppError(
        'validation_failed',
        `The plan has no licence type "${input.licenceType}" (${state.plan.licenceTypes.map((t) => t.key).join(', ')})`,
        'licenceType',
      );
    }
    if (staff.status === 'inactive') {
      // An inactive member's licences went back to the pool (001): make them active first.
      throw new AppError(
        'conflict',
        `${staff.name} is inactive: make them active before giving them a licence`,
        'staffId',
      );
    }
    const held = allHeld.filter((a) => a.subscription_id === subscription.id);
    if (held.some((assignment) => assignment.licence_type === type.key)) {
      throw new AppError(
        'conflict',
        `${staff.name} already holds a ${type.key} licence`,
        'licenceType',
      );
    }
    const violation = checkAssign(
      state.plan,
      held.map((a) => a.licence_type),
      type.key,
    );
    if (violation) throw new AppError(violation.code, violation.message, violation.field);

    const version = await lockSubscription(trx, actor.orgId, subscription.id);
    if (version !== factCount(log)) {
      log = await loadSubscriptionLog(trx, actor.orgId, subscription.id, { lock: false });
      state = stateAt(log, now);
    }
    const room = poolOf(type, state, 0);
    const row = {
      org_id: actor.orgId,
      id: newId('lic', now),
      subscription_id: subscription.id,
      staff_id: staff.id,
      licence_type: type.key,
      active: input.active ?? false,
      assigned_at: now,
      released_at: null,
    };
    const inserted = await insertIfRoom(trx, actor, row, room.available);
    if (!inserted) {
      const pool = poolOf(
        type,
        state,
        (await assignedCounts(trx, subscription.id)).get(type.key) ?? 0,
      );
      throw new AppError(
        'no_licence_available',
        `No ${type.key} licence is free: ${pool.purchased} purchased, ${pool.assigned} assigned`,
        'licenceType',
        { pool, offer: buyOneQuote(log, now, type.key, state.plan.blockSize) },
      );
    }
    return assignmentView(row);
  });
}

/**
 * Lock the subscription row, then count its log: two statements, so the count is read after
 * the lock was granted and sees what the previous holder committed (READ COMMITTED).
 */
async function lockSubscription(db: Db, orgId: string, subscriptionId: string): Promise<number> {
  await lockSubscriptionRow(db, orgId, subscriptionId);
  const result = await sql<{ events: number }>`
    select count(*)::int as events from subscription_events where subscription_id = ${subscriptionId}`.execute(
    db,
  );
  return result.rows[0]?.events ?? 0;
}

/**
 * Insert the assignment and its audit entry if fewer than `limit` of its type are assigned
 * (no limit for an unlimited type). Runs after the lock, so it counts what committed before.
 */
async function insertIfRoom(
  db: Db,
  actor: Actor,
  row: {
    org_id: string;
    id: string;
    subscription_id: string;
    staff_id: string;
    licence_type: string;
    active: boolean;
    assigned_at: Date;
  },
  purchasedRoom: number | null,
): Promise<boolean> {
  const after = JSON.stringify({
    licenceType: row.licence_type,
    subscriptionId: row.subscription_id,
    active: row.active,
  });
  const limit = purchasedRoom;
  const result = await sql<{ id: string }>`
    with inserted as (
      insert into licence_assignments
        (org_id, id, subscription_id, staff_id, licence_type, active, assigned_at, released_at)
      select ${row.org_id}, ${row.id}, ${row.subscription_id}, ${row.staff_id}, ${row.licence_type},
             ${row.active}, ${row.assigned_at}, null
      where ${limit}::int is null or (
        select count(*) from licence_assignments a
        where a.subscription_id = ${row.subscription_id} and a.licence_type = ${row.licence_type}
          and a.released_at is null) < ${limit}::int
      returning id
    )
    insert into audit_log (org_id, id, at, actor, action, subject, before, after, reason)
    select ${row.org_id}, ${newId('aud', row.assigned_at)}, ${row.assigned_at}, ${actorLabel(actor)},
           'licence.assigned', ${row.staff_id}, null, ${after}::jsonb, null
    from inserted
    returning id`.execute(db);
  return result.rows.length > 0;
}

/** What buying the licences needed would cost now: offered with no_licence_available (004). */
function buyOneQuote(log: SubscriptionLog, now: Date, licenceType: string, blockSize: number) {
  const seats = { [licenceType]: blockSize };
  const { quote } = quoteProposal(log, now, { op: 'add', payload: { seats } });
  if (quote.outcome.outcome === 'rejected') {
    return {
      op: 'add',
      seats,
      rejected: { code: quote.outcome.code, message: quote.outcome.message },
    };
  }
  return {
    op: 'add',
    seats,
    chargedNow: quote.chargedNow.map((line) => lineView(line)),
    nextInvoice: quote.nextInvoice.map((line) => lineView(line)),
  };
}
