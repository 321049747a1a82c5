import { checkAssign, findLicenceType } from '../../core/index.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { newId } from '../ids.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { heldLicences, loadStaff } from '../staff/staff-records.js';
import { quoteProposal } from '../subscriptions/quote-proposal.js';
import {
  loadSubscriptionLog,
  stateAt,
  type SubscriptionLog,
} from '../subscriptions/subscription-log.js';
import { assignmentView, lineView } from '../views.js';
import { assignedCounts, poolOf } from './licence-pools.js';
import { scopeSubscription } from './scope-subscription.js';

export interface AssignInput {
  readonly licenceType: string;
  readonly locationId?: string | undefined;
  /** Switch it on at once; by default a new assignment waits to be switched on (003). */
  readonly active?: boolean | undefined;
}

/**
 * Give a staff member a licence from their pool. The subscription row is locked for the
 * check and the insert, so concurrent requests for the last licences cannot oversell.
 */
export async function assignLicence(
  context: AppContext,
  actor: Actor,
  staffId: string,
  input: AssignInput,
) {
  requireScope(actor, 'licences:manage');
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const staff = await loadStaff(trx, actor.orgId, staffId);
    const subscription = await scopeSubscription(
      trx,
      actor.orgId,
      input.locationId ?? staff.location_id,
    );
    const log = await loadSubscriptionLog(trx, actor.orgId, subscription.id, { lock: true });
    const state = stateAt(log, now);
    const type = findLicenceType(state.plan, input.licenceType);
    if (!type) {
      throw new AppError(
        'validation_failed',
        `The plan has no licence type "${input.licenceType}" (${state.plan.licenceTypes.map((t) => t.key).join(', ')})`,
        'licenceType',
      );
    }
    const held = (await heldLicences(trx, [staff.id])).filter(
      (a) => a.subscription_id === subscription.id,
    );
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
    const pool = poolOf(
      type,
      state,
      (await assignedCounts(trx, subscription.id)).get(type.key) ?? 0,
    );
    if (pool.available !== null && pool.available <= 0) {
      throw new AppError(
        'no_licence_available',
        `No ${type.key} licence is free: ${pool.purchased} purchased, ${pool.assigned} assigned`,
        'licenceType',
        { pool, offer: buyOneQuote(log, now, type.key, state.plan.blockSize) },
      );
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
    await trx.insertInto('licence_assignments').values(row).execute();
    await audit(trx, actor, now, {
      action: 'licence.assigned',
      subject: staff.id,
      after: { licenceType: type.key, subscriptionId: subscription.id, active: row.active },
    });
    return assignmentView(row);
  });
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
