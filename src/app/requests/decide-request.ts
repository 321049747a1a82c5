import { requestDecidedEmail } from '../../notifications/templates/request-decided.js';
import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { assignLicence } from '../licences/assign-licence.js';
import { actorName, consoleLink, notify } from '../notifications/notify.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { changeLicences, type RemovalReason } from '../subscriptions/change-licences.js';
import { describeRequest, requestView, type RequestRow } from './request-views.js';

type Decision = 'approved' | 'declined' | 'withdrawn';

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
  const settle = (trx: Db, outcome: Record<string, unknown>) =>
    decide(trx, context, actor, request, 'approved', note, outcome);
  let outcome: Record<string, unknown>;
  if (request.kind === 'adjustment') {
    const change = {
      op: request.op ?? 'add',
      seats: request.seats ?? {},
      ...(request.reason ? { reason: request.reason as RemovalReason } : {}),
      ...(request.explanation ? { explanation: request.explanation } : {}),
    };
    outcome = await changeLicences(
      context,
      actor,
      request.subscription_id,
      change,
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

async function pendingRequest(db: Db, orgId: string, requestId: string): Promise<RequestRow> {
  const row = await db
    .selectFrom('licence_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!row) throw notFound('Request', 'requestId');
  if (row.status !== 'pending') {
    throw new AppError('request_not_pending', `This request was already ${row.status}`);
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
    .where('status', '=', 'pending')
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
  if (status === 'withdrawn') return;
  await notify(context, trx, {
    orgId: actor.orgId,
    kind: 'request_decided',
    subjectStaffId: request.requested_by,
    at: now,
    content: requestDecidedEmail({
      what,
      approved: status === 'approved',
      by: await actorName(context, trx, actor, 'A licence manager'),
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
