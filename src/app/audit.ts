import { sql, type RawBuilder } from 'kysely';
import type { Db } from './context.js';
import { actorLabel, type Actor } from './context.js';
import { newId } from './ids.js';
import { eventStatements, type WebhookEvent } from './webhooks/emit-event.js';

export interface AuditEntry {
  readonly action: string;
  readonly subject: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string | null;
}

/** Append to the audit log: who did what to which, before and after, and why. */
export async function audit(db: Db, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      org_id: actor.orgId,
      id: newId('aud', at),
      at,
      actor: actorLabel(actor),
      action: entry.action,
      subject: entry.subject,
      before: entry.before === undefined ? null : jsonText(entry.before),
      after: entry.after === undefined ? null : jsonText(entry.after),
      reason: entry.reason ?? null,
    })
    .execute();
}

/**
 * A write and its audit entry in one statement: `write` is a data-modifying statement with a
 * `returning` clause; the entry is appended only if it changed a row. Returns whether it did.
 */
export async function auditedWrite(
  db: Db,
  write: RawBuilder<unknown>,
  actor: Actor,
  at: Date,
  entry: AuditEntry,
  event: Omit<WebhookEvent, 'orgId' | 'at'> | null = null,
): Promise<boolean> {
  const before = entry.before === undefined ? null : jsonText(entry.before);
  const after = entry.after === undefined ? null : jsonText(entry.after);
  // The webhook event, when there is one, in the same statement: written with what it reports.
  const hook = event
    ? sql`, ${eventStatements({ ...event, orgId: actor.orgId, at }, 'audited')}`
    : sql``;
  const { rows } = await sql<{ id: string }>`
    with written as (${write}),
    audited as (
      insert into audit_log (org_id, id, at, actor, action, subject, before, after, reason)
      select ${actor.orgId}, ${newId('aud', at)}, ${at}, ${actorLabel(actor)}, ${entry.action},
             ${entry.subject}, ${before}::jsonb, ${after}::jsonb, ${entry.reason ?? null}
      from (select 1 from written limit 1) as changed
      returning id
    )${hook}
    select id from audited`.execute(db);
  return rows.length > 0;
}

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
}
