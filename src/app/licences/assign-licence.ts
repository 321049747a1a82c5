import { checkAssign, findLicenceType, type SimulationResult } from '../../core/index.js';
import { AppError } from '../app-error.js';
import { auditedWrite } from '../audit.js';
import { sql } from 'kysely';
import { inTransaction, requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { organizationNow } from '../organizations/organization-clock.js';
import { loadStaffContext } from '../staff/staff-records.js';
import { quoteProposal } from '../subscriptions/quote-proposal.js';
import {
  loadSubscriptionLog,
  lockSubscriptionRow,
  stateAt,
  type SubscriptionLog,
} from '../subscriptions/subscription-log.js';
import type { AssignmentRow, StaffRow } from '../../store/schema.js';
import { assignmentView, lineView } from '../views.js';
import { isPoolRefusal, refreshPools } from './licence-pool-rows.js';
import { poolOf } from './licence-pools.js';
import { pickScope } from './scope-subscription.js';

export interface AssignInput {
  readonly licenceType: string;
  readonly locationId?: string | undefined;
  /** Switch it on at once; by default a new assignment waits to be switched on (003). */
  readonly active?: boolean | undefined;
}

/**
 * Give a staff member a licence from their pool. The staff member's row is locked (their
 * licences change one request at a time), the rules checked on the subscription as its log
 * stands, then the assignment and its audit entry are inserted in one statement: the pool
 * trigger takes the licence from the pool's counter only where one is free, a condition
 * PostgreSQL checks again after waiting for the counter's lock, so no other lock is taken and
 * concurrent requests for the last licences cannot oversell. When the pool refuses (no room
 * as last computed, or not computed yet), the request is decided again under the
 * subscription's lock with the pool recomputed from the log: then it is assigned, or refused
 * with the pool's figures and what buying more would cost.
 */
export async function assignLicence(
  context: AppContext,
  actor: Actor,
  staffId: string,
  input: AssignInput,
  /** What else the assignment writes, in its transaction (an approved request: app/requests). */
  also?: (trx: Db, assignmentId: string) => Promise<void>,
) {
  requireScope(actor, 'licences:manage');
  const run = async (trx: Db, recompute: boolean) => {
    const assigned = await assign(trx, context, actor, staffId, input, recompute);
    if (also) await also(trx, assigned.id);
    return assigned;
  };
  try {
    return await inTransaction(context, (trx) => run(trx, false));
  } catch (error) {
    if (!isPoolRefusal(error)) throw error;
  }
  return inTransaction(context, (trx) => run(trx, true));
}

async function assign(
  trx: Db,
  context: AppContext,
  actor: Actor,
  staffId: string,
  input: AssignInput,
  recompute: boolean,
) {
  const {
    organization,
    staff,
    held: allHeld,
    subscriptions,
  } = await loadStaffContext(trx, actor.orgId, staffId);
  const now = organizationNow(context, organization);
  const subscription = { id: pickScope(subscriptions, input.locationId ?? staff.location_id) };
  if (recompute) await lockSubscriptionRow(trx, actor.orgId, subscription.id);
  const log = await loadSubscriptionLog(trx, actor.orgId, subscription.id, { lock: false });
  const state = stateAt(log, now);
  const held = allHeld.filter((a) => a.subscription_id === subscription.id);
  const type = checkAssignable(state, staff, held, input.licenceType);
  if (recompute) {
    const pool = (await refreshPools(trx, log.row, state)).get(type.key);
    if (pool && pool.capacity !== null && pool.assigned >= pool.capacity) {
      const figures = poolOf(type, state, pool.assigned);
      throw new AppError(
        'no_licence_available',
        `No ${type.key} licence is free: ${figures.purchased} purchased, ${figures.assigned} assigned`,
        'licenceType',
        { pool: figures, offer: buyOneQuote(log, now, type.key, state.plan.blockSize) },
      );
    }
  }
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
  await insertAssignment(trx, actor, row);
  return assignmentView(row);
}

/** The licence type to assign, or the rule it breaks (003: never both, the plan's types). */
function checkAssignable(
  state: SimulationResult,
  staff: StaffRow,
  held: readonly AssignmentRow[],
  licenceType: string,
) {
  if (state.status === 'ended') {
    throw new AppError(
      'subscription_ended',
      'This subscription has ended: its licences no longer grant access (004)',
      'licenceType',
    );
  }
  const type = findLicenceType(state.plan, licenceType);
  if (!type) {
    throw new AppError(
      'validation_failed',
      `The plan has no licence type "${licenceType}" (${state.plan.licenceTypes.map((t) => t.key).join(', ')})`,
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
  return type;
}

/**
 * Insert the assignment and its audit entry, in one statement. The pool trigger takes the
 * licence from the pool's counter at commit, or refuses the commit (SL001) when it has none.
 */
async function insertAssignment(
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
): Promise<void> {
  await auditedWrite(
    db,
    sql`insert into licence_assignments
          (org_id, id, subscription_id, staff_id, licence_type, active, assigned_at, released_at)
        values (${row.org_id}, ${row.id}, ${row.subscription_id}, ${row.staff_id},
                ${row.licence_type}, ${row.active}, ${row.assigned_at}, null)
        returning id`,
    actor,
    row.assigned_at,
    {
      action: 'licence.assigned',
      subject: row.staff_id,
      after: {
        licenceType: row.licence_type,
        subscriptionId: row.subscription_id,
        active: row.active,
      },
    },
    {
      type: 'licence.assigned',
      data: {
        assignmentId: row.id,
        staffId: row.staff_id,
        licenceType: row.licence_type,
        subscriptionId: row.subscription_id,
        active: row.active,
      },
    },
  );
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
