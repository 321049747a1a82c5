import { AppError, notFound } from '../app-error.js';
import { hasScope, type Actor, type AppContext } from '../context.js';
import { changeOf, quoteRequest } from './quote-request.js';
import { requestView } from './request-views.js';

export interface RequestFilter {
  readonly status?:
    'pending' | 'awaiting_vendor' | 'approved' | 'declined' | 'withdrawn' | undefined;
  readonly limit: number;
}

/**
 * Requests, newest first: every request of the organisation for licence managers (the
 * queue), a member's own otherwise.
 */
export async function listRequests(context: AppContext, actor: Actor, filter: RequestFilter) {
  const manager = hasScope(actor, 'licences:manage');
  if (!manager && !actor.staffId) {
    throw new AppError('forbidden', 'This needs the licences:manage scope', null, {
      scope: 'licences:manage',
    });
  }
  let query = context.store.db
    .selectFrom('licence_requests')
    .innerJoin('staff', 'staff.id', 'licence_requests.requested_by')
    .selectAll('licence_requests')
    .select('staff.name as requester_name')
    .where('licence_requests.org_id', '=', actor.orgId)
    .orderBy('licence_requests.created_at', 'desc')
    .orderBy('licence_requests.id', 'desc')
    .limit(filter.limit);
  if (!manager) query = query.where('licence_requests.requested_by', '=', actor.staffId ?? '');
  if (filter.status) query = query.where('licence_requests.status', '=', filter.status);
  const rows = await query.execute();
  return { data: rows.map(requestView), canDecide: manager };
}

/**
 * One request; while an adjustment waits, with what approving it would cost now (the same
 * preview as the change: the quote moves with the clock and the pools).
 */
export async function getRequest(context: AppContext, actor: Actor, requestId: string) {
  const row = await context.store.db
    .selectFrom('licence_requests')
    .innerJoin('staff', 'staff.id', 'licence_requests.requested_by')
    .selectAll('licence_requests')
    .select('staff.name as requester_name')
    .where('licence_requests.org_id', '=', actor.orgId)
    .where('licence_requests.id', '=', requestId)
    .executeTakeFirst();
  const manager = hasScope(actor, 'licences:manage');
  if (!row || (!manager && row.requested_by !== actor.staffId)) {
    throw notFound('Request', 'requestId');
  }
  let preview = null;
  if (row.status === 'pending' && row.kind === 'adjustment') {
    ({ quote: preview } = await quoteRequest(context, actor, row.subscription_id, changeOf(row)));
  }
  return { ...requestView(row), preview };
}
