import type { Db } from './context.js';
import { actorLabel, type Actor } from './context.js';
import { newId } from './ids.js';

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

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
}
