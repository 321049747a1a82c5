import { describeEntry } from './audit-log/describe-entry.js';
import { entryNames } from './audit-log/entry-names.js';
import { requireScope, type Actor, type AppContext } from './context.js';
import { splitPage } from './pagination.js';

export interface AuditFilter {
  readonly action?: string | undefined;
  readonly subject?: string | undefined;
  readonly actor?: string | undefined;
  /** A person's name (or part of it): entries they made or that were about them. */
  readonly name?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** The most people a name search matches; a search that matches more says to narrow it. */
const MAX_NAME_MATCHES = 200;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The audit log, newest first, filtered, a page at a time; each entry with who did it and whom
 * it was about by name, and a sentence (12: names, not ids).
 */
export async function listAudit(context: AppContext, actor: Actor, filter: AuditFilter) {
  requireScope(actor, 'audit:read');
  const db = context.store.db;
  let query = db.selectFrom('audit_log').selectAll().where('org_id', '=', actor.orgId);
  if (filter.action) query = query.where('action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.name?.trim()) {
    const people = await db
      .selectFrom('staff')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('name', 'ilike', `%${escapeLike(filter.name.trim())}%`)
      .limit(MAX_NAME_MATCHES)
      .execute();
    const ids = people.map((p) => p.id);
    if (ids.length === 0) return { data: [], nextCursor: null };
    query = query.where((eb) =>
      eb.or([
        eb('subject', 'in', ids),
        eb(
          'actor',
          'in',
          ids.map((id) => `staff:${id}`),
        ),
      ]),
    );
  }
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, filter.limit);
  const names = await entryNames(db, actor.orgId, page);
  return {
    data: page.map((row) => {
      const actorName = names.actor(row.actor);
      const subjectName = names.subject(row.subject);
      return {
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        actorName,
        action: row.action,
        subject: row.subject,
        subjectName,
        sentence: describeEntry({
          action: row.action,
          actorName,
          subjectName,
          after: row.after,
          before: row.before,
        }),
        before: row.before ?? null,
        after: row.after ?? null,
        reason: row.reason,
      };
    }),
    nextCursor,
  };
}
