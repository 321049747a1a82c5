import { actorLabel, type Actor, type Db } from '../context.js';
import { newId } from '../ids.js';

/** The operator's own log: catalog changes, which belong to no organisation. */
export async function operatorAudit(
  db: Db,
  actor: Actor,
  at: Date,
  entry: { action: string; subject: string; orgId?: string | null; after?: unknown },
): Promise<void> {
  await db
    .insertInto('operator_audit_log')
    .values({
      id: newId('oau', at),
      at,
      actor: actorLabel(actor),
      action: entry.action,
      subject: entry.subject,
      org_id: entry.orgId ?? null,
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
