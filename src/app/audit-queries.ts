import { requireScope, type Actor, type AppContext } from './context.js';
import { splitPage } from './pagination.js';

export interface AuditFilter {
  readonly action?: string | undefined;
  readonly subject?: string | undefined;
  readonly actor?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** The audit log, newest first, filtered, a page at a time. */
export async function listAudit(context: AppContext, actor: Actor, filter: AuditFilter) {
  requireScope(actor, 'audit:read');
  let query = context.store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', actor.orgId);
  if (filter.action)
    query = query.where('action', 'like', `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, filter.limit);
  return {
    data: page.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      before: row.before ?? null,
      after: row.after ?? null,
      reason: row.reason,
    })),
    nextCursor,
  };
}
