import { sql } from 'kysely';
import type { Db } from '../context.js';
import { newId } from '../ids.js';

export interface QueuedMessage {
  readonly orgId: string;
  readonly kind: string;
  readonly to: { readonly email: string; readonly name: string | null };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments?: readonly { readonly kind: 'invoice_pdf'; readonly invoiceId: string }[];
  /** One message per key and recipient (a reminder): a second is not queued. */
  readonly dedupKey?: string;
  readonly at: Date;
}

/**
 * Queue a message in the caller's transaction: it is sent only if what caused it commits, and
 * then at least once by the delivery worker. Returns its id, or null when a message with the
 * same dedup key was already queued for that recipient.
 */
export async function queueMessage(db: Db, message: QueuedMessage): Promise<string | null> {
  const id = newId('msg', message.at);
  const inserted = await sql<{ id: string }>`
    insert into messages (org_id, id, kind, recipient_email, recipient_name, subject, text_body,
                          html_body, attachments, dedup_key, next_attempt_at, created_at)
    values (${message.orgId}, ${id}, ${message.kind}, ${message.to.email}, ${message.to.name},
            ${message.subject}, ${message.text}, ${message.html},
            ${JSON.stringify(message.attachments ?? [])}::jsonb, ${message.dedupKey ?? null},
            ${message.at}, ${message.at})
    on conflict do nothing
    returning id`.execute(db);
  return inserted.rows[0]?.id ?? null;
}
