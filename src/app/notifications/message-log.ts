import { requireScope, type Actor, type AppContext } from '../context.js';
import { splitPage } from '../pagination.js';

/**
 * The organisation's mail log, newest first: every message queued for its people, to whom,
 * its subject, its status (pending, sent, failed), its attempts and last error.
 */
export async function listMessages(
  context: AppContext,
  actor: Actor,
  page: { cursor?: string | undefined; limit: number; kind?: string | undefined },
) {
  requireScope(actor, 'audit:read');
  let query = context.store.db
    .selectFrom('messages')
    .select([
      'id',
      'kind',
      'recipient_email',
      'recipient_name',
      'subject',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'sent_at',
      'next_attempt_at',
    ])
    .where('org_id', '=', actor.orgId);
  if (page.kind) query = query.where('kind', '=', page.kind);
  if (page.cursor) query = query.where('id', '<', page.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const { page: shown, nextCursor } = splitPage(rows, page.limit);
  return {
    data: shown.map((row) => ({
      id: row.id,
      kind: row.kind,
      to: row.recipient_email,
      toName: row.recipient_name,
      subject: row.subject,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    })),
    nextCursor,
  };
}
