import { requestDecidedEmail } from '../../notifications/templates/request-decided.js';
import { requireOperator } from '../access/operator-keys.js';
import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import {
  inTransaction,
  requireScope,
  SCOPES,
  type Actor,
  type AppContext,
  type Db,
} from '../context.js';
import { assignLicence } from '../licences/assign-licence.js';
import { actorName, consoleLink, notify } from '../notifications/notify.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { changeLicences } from '../subscriptions/change-licences.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { changeOf, quoteRequest } from './quote-request.js';
import { describeRequest, requestView, type RequestRow } from './request-views.js';

type Decision = 'approved' | 'declined' | 'withdrawn' | 'awaiting_vendor';

/**
 * A licence manager approves a request: the change (or the licence) is made as the manager's
 * own, and in the same transaction the request is marked approved with what was done, the
 * requester told and the decision audited. A request decided meanwhile is refused
 * (request_not_pending) and the change with it. What the change itself refuses (no licence
 * free, a rule of the plan) comes back as it would for the manager's own change.
 */
export async function approveRequest(
  context: AppContext,
  actor: Actor,
  requestId: string,
  note: string | null,
) {
  requireScope(actor, 'licences:manage');
  const request = await pendingRequest(context.store.db, actor.orgId, requestId);
  // Only a removal can need the vendor: an addition is not quoted twice to find out.
  if (
    request.kind === 'adjustment' &&
    request.op !== 'add' &&
    (await needsVendor(context, actor, request))
  ) {
    // The customer's approval is given; the vendor's is still needed (12): its queue.
    await inTransaction(context, (trx) =>
      decide(trx, context, actor, request, 'awaiting_vendor', note, null),
    );
    return { ...(await readDecided(context, actor.orgId, requestId)), result: {} };
  }
  const settle = (trx: Db, outcome: Record<string, unknown>) =>
    decide(trx, context, actor, request, 'approved', note, outcome);
  let outcome: Record<string, unknown>;
  if (request.kind === 'adjustment') {
    outcome = await changeLicences(
      context,
      actor,
      request.subscription_id,
      changeOf(request),
      false,
      (trx, recorded) => settle(trx, { eventId: recorded.eventId }),
    );
  } else {
    outcome = await assignLicence(
      context,
      actor,
      request.requested_by,
      { licenceType: request.licence_type ?? '', active: true },
      (trx, assignmentId) => settle(trx, { assignmentId }),
    );
  }
  return { ...(await readDecided(context, actor.orgId, requestId)), result: outcome };
}

/** A licence manager declines, with a note for the requester; nothing else changes. */
export async function declineRequest(
  context: AppContext,
  actor: Actor,
  requestId: string,
  note: string | null,
) {
  requireScope(actor, 'licences:manage');
  await inTransaction(context, async (trx) => {
    const request = await pendingRequest(trx, actor.orgId, requestId);
    await decide(trx, context, actor, request, 'declined', note, null);
  });
  return readDecided(context, actor.orgId, requestId);
}

/** The requester takes back a request still waiting. */
export async function withdrawRequest(context: AppContext, actor: Actor, requestId: string) {
  await inTransaction(context, async (trx) => {
    const request = await pendingRequest(trx, actor.orgId, requestId);
    if (request.requested_by !== actor.staffId) {
      throw new AppError('forbidden', 'Only the person who asked may withdraw a request');
    }
    await decide(trx, context, actor, request, 'withdrawn', null, null);
  });
  return readDecided(context, actor.orgId, requestId);
}

type Waiting = 'pending' | 'awaiting_vendor';

async function pendingRequest(
  db: Db,
  orgId: string | null,
  requestId: string,
  from: Waiting = 'pending',
): Promise<RequestRow> {
  let query = db.selectFrom('licence_requests').selectAll().where('id', '=', requestId);
  if (orgId !== null) query = query.where('org_id', '=', orgId);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Request', 'requestId');
  if (row.status !== from) {
    const state = row.status === 'awaiting_vendor' ? 'sent to the vendor' : row.status;
    throw new AppError('request_not_pending', `This request was already ${state}`);
  }
  return row;
}

/** Mark it decided, only if still pending (else the whole transaction is refused), and tell. */
async function decide(
  trx: Db,
  context: AppContext,
  actor: Actor,
  request: RequestRow,
  status: Decision,
  note: string | null,
  outcome: Record<string, unknown> | null,
  from: Waiting = 'pending',
): Promise<void> {
  const now = organizationNow(context, await loadOrganization(trx, actor.orgId));
  const updated = await trx
    .updateTable('licence_requests')
    .set({
      status,
      decided_by: actor.staffId ?? `${actor.kind}:${actor.id}`,
      decided_at: now,
      decision_note: note,
      outcome: outcome ? JSON.stringify(outcome) : null,
    })
    .where('org_id', '=', actor.orgId)
    .where('id', '=', request.id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new AppError('request_not_pending', 'This request was decided meanwhile');
  }
  const what = describeRequest(request);
  await audit(trx, actor, now, {
    action: `licence_request.${status}`,
    subject: request.id,
    after: { summary: what, requestedBy: request.requested_by, ...(outcome ?? {}) },
    reason: note,
  });
  await emitEvent(trx, {
    orgId: actor.orgId,
    type: 'licence_request.decided',
    data: { requestId: request.id, status, summary: what, note, ...(outcome ?? {}) },
    at: now,
  });
  if (status === 'withdrawn' || status === 'awaiting_vendor') return;
  await notify(context, trx, {
    orgId: actor.orgId,
    kind: 'request_decided',
    subjectStaffId: request.requested_by,
    at: now,
    content: requestDecidedEmail({
      what,
      approved: status === 'approved',
      by: await actorName(
        context,
        trx,
        actor,
        actor.kind === 'operator' ? 'The vendor' : 'A licence manager',
      ),
      note,
      url: consoleLink(context, 'requests'),
    }),
  });
}

async function readDecided(context: AppContext, orgId: string, requestId: string) {
  const row = await context.store.db
    .selectFrom('licence_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  return requestView(row);
}

/** Does this adjustment need the vendor's approval too (a removal on such a plan)? */
async function needsVendor(context: AppContext, actor: Actor, request: RequestRow) {
  return (await quoteRequest(context, actor, request.subscription_id, changeOf(request))).vendor;
}

/**
 * The vendor approves a removal its customer approved (12): the operator makes the change for
 * the organisation (audited as the operator's), in the transaction that marks it approved;
 * the requester is told.
 */
export async function vendorApproveRequest(
  context: AppContext,
  operator: Actor,
  requestId: string,
  note: string | null,
) {
  const { request, acting } = await vendorActing(context, operator, requestId);
  const result = await changeLicences(
    context,
    acting,
    request.subscription_id,
    changeOf(request),
    false,
    (trx, recorded) =>
      decide(
        trx,
        context,
        acting,
        request,
        'approved',
        note,
        { eventId: recorded.eventId },
        'awaiting_vendor',
      ),
  );
  return { ...(await readDecided(context, request.org_id, requestId)), result };
}

/** The vendor declines a removal, with a note for the customer; nothing else changes. */
export async function vendorDeclineRequest(
  context: AppContext,
  operator: Actor,
  requestId: string,
  note: string | null,
) {
  const { request, acting } = await vendorActing(context, operator, requestId);
  await inTransaction(context, (trx) =>
    decide(trx, context, acting, request, 'declined', note, null, 'awaiting_vendor'),
  );
  return readDecided(context, request.org_id, requestId);
}

/** A request waiting for the vendor, and the operator acting for its organisation. */
async function vendorActing(context: AppContext, operator: Actor, requestId: string) {
  requireOperator(operator);
  const request = await pendingRequest(context.store.db, null, requestId, 'awaiting_vendor');
  const acting: Actor = { ...operator, orgId: request.org_id, scopes: new Set(SCOPES) };
  return { request, acting };
}
