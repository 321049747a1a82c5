import { requireOperator } from '../access/operator-keys.js';
import type { Actor, AppContext } from '../context.js';
import { requestView } from './request-views.js';

/** The vendor's queue (12): removals its customers approved, waiting for its own approval. */
export async function listVendorQueue(context: AppContext, actor: Actor, limit: number) {
  requireOperator(actor);
  const rows = await context.store.db
    .selectFrom('licence_requests')
    .innerJoin('staff', 'staff.id', 'licence_requests.requested_by')
    .innerJoin('organizations', 'organizations.id', 'licence_requests.org_id')
    .selectAll('licence_requests')
    .select(['staff.name as requester_name', 'organizations.name as organization_name'])
    .where('licence_requests.status', '=', 'awaiting_vendor')
    .orderBy('licence_requests.created_at')
    .orderBy('licence_requests.id')
    .limit(limit)
    .execute();
  return {
    data: rows.map((row) => ({
      ...requestView(row),
      organizationId: row.org_id,
      organizationName: row.organization_name,
    })),
  };
}
