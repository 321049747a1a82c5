import { findLicenceType } from '../../core/index.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { hasScope, inTransaction, type Actor, type AppContext } from '../context.js';
import { newId } from '../ids.js';
import { pickScope } from '../licences/scope-subscription.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { heldLicences, loadStaff } from '../staff/staff-records.js';
import { type RemovalReason } from '../subscriptions/change-licences.js';
import {
  loadSubscriptionLog,
  stateAt,
  subscriptionsOf,
} from '../subscriptions/subscription-log.js';
import { requestArrivedEmail } from '../../notifications/templates/request-arrived.js';
import { consoleLink, notify } from '../notifications/notify.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { quoteRequest } from './quote-request.js';
import { requestView } from './request-views.js';

/** The most requests one person may have waiting at once. */
export const MAX_PENDING_REQUESTS = 5;

export type RequestInput =
  | {
      readonly kind: 'adjustment';
      readonly subscriptionId: string;
      readonly op: 'add' | 'remove' | 'set';
      readonly seats: Readonly<Record<string, number>>;
      readonly reason?: RemovalReason | undefined;
      readonly explanation?: string | undefined;
    }
  | {
      readonly kind: 'licence';
      readonly licenceType: string;
      readonly explanation?: string | undefined;
    };

/**
 * A member asks (12, 001: adjustments are "requested"): an adjustment, quoted now as the
 * change would be (a request the rules refuse, or that lacks the reason the plan asks for, is
 * refused at once, so an approver never meets it), or a licence for themselves. Anyone signed
 * in may ask; licence managers decide (decide-request.ts).
 */
export async function createRequest(context: AppContext, actor: Actor, input: RequestInput) {
  const staffId = actor.staffId;
  if (!staffId) {
    throw new AppError('forbidden', 'Requests are made by a person: sign in as a staff member');
  }
  const db = context.store.db;
  const staff = await loadStaff(db, actor.orgId, staffId);
  let subscriptionId: string;
  let preview: unknown = null;
  let vendor = false;
  if (input.kind === 'adjustment') {
    subscriptionId = input.subscriptionId;
    const {
      quote,
      needs,
      vendor: toVendor,
    } = await quoteRequest(context, actor, subscriptionId, input);
    if (quote.outcome === 'rejected' && quote.rejection) {
      throw new AppError('validation_failed', quote.rejection.message, 'seats', {
        rejection: quote.rejection,
      });
    }
    vendor = toVendor;
    const [need] = needs;
    if (need) {
      const code = need.field === 'explanation' ? 'explanation_required' : 'reason_required';
      throw new AppError(code, need.message, need.field);
    }
    preview = quote;
  } else {
    subscriptionId = pickScope(await subscriptionsOf(db, actor.orgId), staff.location_id);
    await checkLicenceAsked(context, actor.orgId, subscriptionId, staffId, input.licenceType);
  }
  return inTransaction(context, async (trx) => {
    const now = organizationNow(context, await loadOrganization(trx, actor.orgId));
    // One person's requests are counted under their row's lock: never more than the cap.
    await trx.selectFrom('staff').select('id').where('id', '=', staffId).forNoKeyUpdate().execute();
    const waiting = await trx
      .selectFrom('licence_requests')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('requested_by', '=', staffId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(waiting?.count ?? 0) >= MAX_PENDING_REQUESTS) {
      throw new AppError(
        'too_many_requests',
        `You have ${MAX_PENDING_REQUESTS} requests waiting: withdraw one, or wait for a decision`,
      );
    }
    const row = {
      org_id: actor.orgId,
      id: newId('req', now),
      subscription_id: subscriptionId,
      requested_by: staffId,
      kind: input.kind,
      op: input.kind === 'adjustment' ? input.op : null,
      seats: input.kind === 'adjustment' ? JSON.stringify(input.seats) : null,
      licence_type: input.kind === 'licence' ? input.licenceType : null,
      reason: input.kind === 'adjustment' ? (input.reason ?? null) : null,
      explanation: input.explanation ?? null,
      // A licence manager's own removal on a plan the vendor approves goes to the vendor at once.
      status: vendor && hasScope(actor, 'licences:manage') ? 'awaiting_vendor' : 'pending',
      created_at: now,
    } as const;
    await trx.insertInto('licence_requests').values(row).execute();
    const view = requestView({
      ...row,
      seats: input.kind === 'adjustment' ? input.seats : null,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      outcome: null,
      requester_name: staff.name,
    });
    await audit(trx, actor, now, {
      action: 'licence_request.created',
      subject: row.id,
      after: { summary: view.summary, subscriptionId },
      reason: row.explanation,
    });
    await emitEvent(trx, {
      orgId: actor.orgId,
      type: 'licence_request.created',
      data: {
        requestId: row.id,
        subscriptionId,
        requestedBy: staffId,
        summary: view.summary,
        status: row.status,
      },
      at: now,
    });
    // Those who may decide are told, in the same transaction (a request to the vendor waits in
    // the vendor's queue instead).
    if (row.status === 'pending') {
      await notify(context, trx, {
        orgId: actor.orgId,
        kind: 'licence_request',
        actorStaffId: staffId,
        locationId: staff.location_id,
        at: now,
        content: requestArrivedEmail({
          requester: staff.name,
          what: view.summary,
          explanation: row.explanation,
          url: consoleLink(context, 'requests'),
        }),
      });
    }
    return { ...view, preview };
  });
}

/** A licence the plan sells and the member does not hold yet: else refused now, not at approval. */
async function checkLicenceAsked(
  context: AppContext,
  orgId: string,
  subscriptionId: string,
  staffId: string,
  licenceType: string,
): Promise<void> {
  const db = context.store.db;
  const now = organizationNow(context, await loadOrganization(db, orgId));
  const log = await loadSubscriptionLog(db, orgId, subscriptionId, { lock: false });
  const plan = stateAt(log, now).plan;
  if (!findLicenceType(plan, licenceType)) {
    throw new AppError(
      'validation_failed',
      `The plan has no licence type "${licenceType}" (${plan.licenceTypes.map((t) => t.key).join(', ')})`,
      'licenceType',
    );
  }
  const held = await heldLicences(db, [staffId]);
  if (held.some((assignment) => assignment.licence_type === licenceType)) {
    throw new AppError('conflict', `You already hold a ${licenceType} licence`, 'licenceType');
  }
}
