import { sql } from 'kysely';
import { MailRefused, type OutgoingMail } from '../../mail/mailer.js';
import { invoicePdf } from '../billing/invoice-document.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';

/** How long a worker holds the messages it claimed: after it, another worker may send them. */
export const LEASE_MS = 5 * 60_000;
/** After the first attempt fails, the next ones: 1 and 5 minutes, then up to a day apart. */
export const RETRY_AFTER_MS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  24 * 3_600_000,
];
const BATCH = 50;

export interface DeliveryReport {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

interface Claimed {
  readonly id: string;
  readonly org_id: string;
  readonly kind: string;
  readonly recipient_email: string;
  readonly recipient_name: string | null;
  readonly subject: string;
  readonly text_body: string;
  readonly html_body: string;
  readonly attachments: unknown;
  readonly attempts: number;
}

/** The From of every message, and the host part of its Message-ID. */
export function senderOf(context: AppContext): { from: string; host: string } {
  const from =
    context.mailFrom ?? `"${context.vendor?.name ?? 'Seatledger'}" <no-reply@seatledger.localhost>`;
  const host = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'seatledger.localhost';
  return { from, host };
}

/**
 * Deliver what is due in the queue, at most `limit` messages: claimed in batches with
 * FOR UPDATE SKIP LOCKED under a lease (so any number of workers share the queue, and a
 * worker killed mid-way leaves its messages to be claimed again when the lease ends), each
 * sent through the context's mailer with its own Message-ID, then marked sent, or tried again
 * later on the backoff schedule, or failed for good (refused with a 5xx, or out of attempts).
 * Every attempt is recorded. A message sent and then not marked (a crash in between) is sent
 * again with the same Message-ID: at least once, never lost, a duplicate recognisable.
 */
export async function deliverMessages(
  context: AppContext,
  limit = 500,
  leaseMs = LEASE_MS,
): Promise<DeliveryReport> {
  const mailer = context.mailer;
  const report = { sent: 0, retrying: 0, failed: 0 };
  if (!mailer) return report;
  const sender = senderOf(context);
  let handled = 0;
  while (handled < limit) {
    const batch = await claim(context, Math.min(BATCH, limit - handled), leaseMs);
    if (batch.length === 0) break;
    handled += batch.length;
    for (const message of batch) {
      let error: unknown = null;
      try {
        await mailer.send(await compose(context, message, sender));
      } catch (caught) {
        error = caught;
      }
      const outcome = await settle(context, message, error);
      report[outcome] += 1;
    }
  }
  return report;
}

async function claim(context: AppContext, size: number, leaseMs: number): Promise<Claimed[]> {
  const now = context.clock();
  const lease = new Date(now.getTime() + leaseMs);
  const claimed = await sql<Claimed>`
    with due as (
      select id from messages
      where status = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until <= ${now})
      order by next_attempt_at, id
      limit ${size}
      for update skip locked
    )
    update messages m set locked_until = ${lease}, attempts = m.attempts + 1
    from due where m.id = due.id
    returning m.id, m.org_id, m.kind, m.recipient_email, m.recipient_name, m.subject,
              m.text_body, m.html_body, m.attachments, m.attempts`.execute(context.store.db);
  return claimed.rows;
}

async function compose(
  context: AppContext,
  message: Claimed,
  sender: { from: string; host: string },
): Promise<OutgoingMail> {
  const reader: Actor = {
    orgId: message.org_id,
    kind: 'system',
    id: 'mail',
    scopes: new Set(['billing:read']),
  };
  const wanted = Array.isArray(message.attachments)
    ? (message.attachments as { kind?: unknown; invoiceId?: unknown }[])
    : [];
  const attachments = [];
  for (const attachment of wanted) {
    if (attachment.kind === 'invoice_pdf' && typeof attachment.invoiceId === 'string') {
      const { file, name } = await invoicePdf(context, reader, attachment.invoiceId);
      attachments.push({ filename: name, contentType: 'application/pdf', content: file });
    }
  }
  return {
    messageId: `<${message.id}@${sender.host}>`,
    from: sender.from,
    to: { name: message.recipient_name, address: message.recipient_email },
    subject: message.subject,
    text: message.text_body,
    html: message.html_body,
    attachments,
  };
}

/** Write an attempt's outcome, fenced by its attempt number (a later claim owns the message). */
async function settle(
  context: AppContext,
  message: Claimed,
  error: unknown,
): Promise<'sent' | 'retrying' | 'failed'> {
  const now = context.clock();
  const refused = error instanceof MailRefused;
  const retryIn = RETRY_AFTER_MS[message.attempts - 1];
  const outcome =
    error === null ? 'sent' : refused || retryIn === undefined ? 'failed' : 'retrying';
  const text =
    error === null ? null : (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  await inTransaction(context, async (trx) => {
    await trx
      .updateTable('messages')
      .set({
        status: outcome === 'retrying' ? 'pending' : outcome,
        locked_until: null,
        last_error: text,
        ...(outcome === 'sent' ? { sent_at: now } : {}),
        ...(outcome === 'retrying'
          ? { next_attempt_at: new Date(now.getTime() + (retryIn ?? 0)) }
          : {}),
      })
      .where('id', '=', message.id)
      .where('attempts', '=', message.attempts)
      .where('status', '=', 'pending')
      .execute();
    await sql`
      insert into message_attempts (message_id, attempt, at, outcome, error)
      values (${message.id}, ${message.attempts}, ${now}, ${error === null ? 'sent' : 'failed'}, ${text})
      on conflict do nothing`.execute(trx);
  });
  return outcome;
}
