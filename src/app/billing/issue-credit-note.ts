import type { CreditNoteReason, InvoiceRow } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { actorLabel, inTransaction, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { sendRefunds } from '../payments/send-refunds.js';
import { recordChange } from '../subscriptions/record-change.js';
import { amountDue } from './amount-due.js';
import { getCreditNote } from './credit-note-queries.js';
import { lockInvoice } from './invoice-queries.js';

export interface CreditNoteRequest {
  /** In minor units of the invoice's currency. */
  readonly amount: bigint;
  readonly reason: CreditNoteReason;
  readonly memo?: string | undefined;
  /** Where what was already paid goes back: the card it was paid with, or the balance. */
  readonly refundTo?: 'card' | 'balance' | undefined;
}

/** How a credit note's amount divides, as Stripe's credit notes divide it. */
export interface CreditSplit {
  /** Taken off what is left to pay of an open invoice. */
  readonly prePayment: bigint;
  /** Given back to the card(s) the invoice was paid with. */
  readonly refund: bigint;
  /** Added to the account's credit balance, for the next invoices. */
  readonly balance: bigint;
}

/**
 * How much of a paid amount may still be given back to cards: each succeeded payment less
 * the refunds on it not refused.
 */
async function refundableByCard(db: Db, invoiceId: string) {
  const payments = await db
    .selectFrom('payments')
    .leftJoin('refunds', (join) =>
      join.onRef('refunds.payment_id', '=', 'payments.id').on('refunds.status', '!=', 'failed'),
    )
    .select(['payments.id', 'payments.amount', 'payments.currency', 'payments.created_at'])
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('refunds.amount'), eb.val('0')).as('given'))
    .where('payments.invoice_id', '=', invoiceId)
    .where('payments.status', '=', 'succeeded')
    .where('payments.gateway_reference', 'is not', null)
    .groupBy(['payments.id', 'payments.amount', 'payments.currency', 'payments.created_at'])
    // Newest first: the last payment is refunded first.
    .orderBy('payments.created_at', 'desc')
    .orderBy('payments.id', 'desc')
    .execute();
  return payments
    .map((payment) => ({ id: payment.id, left: payment.amount - BigInt(payment.given) }))
    .filter((payment) => payment.left > 0n);
}

/**
 * The split of `request` against the invoice as it stands, or the refusal naming the field:
 * first what is left to pay (an open invoice), then what was paid and not yet given back, to
 * the destination asked for.
 */
async function splitOf(db: Db, invoice: InvoiceRow, request: CreditNoteRequest) {
  if (invoice.status === 'void' || invoice.status === 'uncollectible') {
    throw new AppError(
      'invoice_not_creditable',
      `Invoice ${invoice.number} is ${invoice.status}: there is nothing to credit`,
      'invoiceId',
      { status: invoice.status },
    );
  }
  const pending = await db
    .selectFrom('payments')
    .select('id')
    .where('invoice_id', '=', invoice.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending) {
    throw new AppError(
      'payment_in_progress',
      `A payment of invoice ${invoice.number} is being made: try again in a moment`,
    );
  }
  const left = amountDue(invoice);
  const paidBack = invoice.amount_paid - invoice.amount_credited_after_payment;
  const most = left + (paidBack > 0n ? paidBack : 0n);
  if (request.amount > most) {
    throw new AppError(
      'credit_exceeds_invoice',
      `amount: at most ${most} can be credited on invoice ${invoice.number} (${left} still due, ${paidBack > 0n ? paidBack : 0n} paid and not yet given back)`,
      'amount',
      { most },
    );
  }
  const prePayment = request.amount < left ? request.amount : left;
  const after = request.amount - prePayment;
  if (after > 0n && !request.refundTo) {
    throw new AppError(
      'validation_failed',
      `refundTo: ${after} of this credit gives back what was paid: say "card" or "balance"`,
      'refundTo',
    );
  }
  const cards =
    after > 0n && request.refundTo === 'card' ? await refundableByCard(db, invoice.id) : [];
  if (request.refundTo === 'card' && after > 0n) {
    const onCards = cards.reduce((sum, payment) => sum + payment.left, 0n);
    if (onCards < after) {
      throw new AppError(
        'credit_exceeds_invoice',
        `refundTo: only ${onCards} of the payments can still go back to a card; credit the rest to the balance`,
        'refundTo',
        { onCards },
      );
    }
  }
  const split: CreditSplit = {
    prePayment,
    refund: request.refundTo === 'card' ? after : 0n,
    balance: request.refundTo === 'balance' ? after : 0n,
  };
  return { split, cards };
}

function sameSplit(a: CreditSplit, b: CreditSplit): boolean {
  return a.prePayment === b.prePayment && a.refund === b.refund && a.balance === b.balance;
}

function requireOperator(actor: Actor): void {
  if (actor.kind !== 'operator') {
    throw new AppError('forbidden', "Only the vendor's operator may issue a credit note");
  }
}

/** What a credit note would do, written nowhere (the preview). */
export async function previewCreditNote(
  context: AppContext,
  actor: Actor,
  invoiceId: string,
  request: CreditNoteRequest,
) {
  return inTransaction(context, async (trx) => {
    // Another organisation's invoice is not found, whoever asks.
    const invoice = await lockInvoice(trx, actor.orgId, invoiceId);
    requireOperator(actor);
    const { split } = await splitOf(trx, invoice, request);
    return splitView(invoice, request, split);
  });
}

function splitView(invoice: InvoiceRow, request: CreditNoteRequest, split: CreditSplit) {
  const due = amountDue(invoice) - split.prePayment;
  return {
    invoiceId: invoice.id,
    currency: invoice.currency,
    amount: request.amount,
    prePaymentAmount: split.prePayment,
    refundAmount: split.refund,
    balanceAmount: split.balance,
    invoiceAmountDueAfter: due,
    invoiceStatusAfter: invoice.status === 'open' && due === 0n ? 'paid' : invoice.status,
  };
}

/**
 * The vendor's operator corrects an issued invoice (10): the invoice's amounts never change;
 * a credit note records the correction. It takes off what is left to pay first (an open
 * invoice fully credited is settled: `paid`), then gives back what was paid: to the card,
 * refunded through the gateway after the note is committed (one refund per payment, each
 * written first with its idempotency key, so a crash is settled by asking again and nothing
 * is refunded twice); or to the credit balance, as a `credit` fact in the subscription's log
 * recorded in the same transaction as the note, which the engine applies to the next
 * invoices. Every note is numbered per invoice and in the audit log.
 */
export async function issueCreditNote(
  context: AppContext,
  actor: Actor,
  invoiceId: string,
  request: CreditNoteRequest,
) {
  // The split as it stands, to know whether a fact goes into the log; decided again under the
  // invoice's lock, where a difference (a payment meanwhile) refuses the note.
  const expected = await previewCreditNote(context, actor, invoiceId, request);
  const split: CreditSplit = {
    prePayment: expected.prePaymentAmount,
    refund: expected.refundAmount,
    balance: expected.balanceAmount,
  };
  let noteId = '';
  const write = async (db: Db, eventId: string | null) => {
    noteId = await writeCreditNote(context, db, actor, invoiceId, request, split, eventId);
  };
  if (split.balance > 0n) {
    const subscriptionId = await subscriptionOf(context.store.db, actor.orgId, invoiceId);
    await recordChange(
      context,
      actor,
      subscriptionId,
      { op: 'credit', payload: { amount: Number(split.balance) } },
      false,
      {
        scope: 'billing:manage',
        rejectionField: 'refundTo',
        reason: request.reason,
        explanation: request.memo ?? null,
        write: (trx, recorded) => write(trx, recorded.eventId),
        audit: () => ({
          action: 'subscription.credited',
          subject: subscriptionId,
          after: { amount: split.balance, invoiceId },
          reason: request.reason,
        }),
      },
    );
  } else {
    await inTransaction(context, (trx) => write(trx, null));
  }
  if (split.refund > 0n) await sendRefunds(context, actor, noteId);
  return getCreditNote(context, actor, noteId);
}

async function subscriptionOf(db: Db, orgId: string, invoiceId: string): Promise<string> {
  const row = await db
    .selectFrom('invoices')
    .select('subscription_id')
    .where('org_id', '=', orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return row.subscription_id;
}

/** Execute, in the caller's transaction: the note, its refunds to send, the invoice's sums. */
async function writeCreditNote(
  context: AppContext,
  db: Db,
  actor: Actor,
  invoiceId: string,
  request: CreditNoteRequest,
  split: CreditSplit,
  eventId: string | null,
): Promise<string> {
  const invoice = await lockInvoice(db, actor.orgId, invoiceId);
  const now = organizationNow(context, await loadOrganization(db, actor.orgId));
  const decided = await splitOf(db, invoice, request);
  if (!sameSplit(decided.split, split)) {
    throw new AppError(
      'conflict',
      `Invoice ${invoice.number} changed while the credit note was being issued: try again`,
    );
  }
  const count = await db
    .selectFrom('credit_notes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('invoice_id', '=', invoice.id)
    .executeTakeFirstOrThrow();
  const id = newId('cn', now);
  const number = `${invoice.number}-CN${Number(count.n) + 1}`;
  await db
    .insertInto('credit_notes')
    .values({
      org_id: actor.orgId,
      id,
      invoice_id: invoice.id,
      number,
      currency: invoice.currency,
      amount: request.amount,
      pre_payment_amount: split.prePayment,
      refund_amount: split.refund,
      balance_amount: split.balance,
      reason: request.reason,
      memo: request.memo ?? null,
      credit_event_id: eventId,
      actor: actorLabel(actor),
      created_at: now,
    })
    .execute();
  let owed = split.refund;
  for (const payment of decided.cards) {
    if (owed <= 0n) break;
    const amount = payment.left < owed ? payment.left : owed;
    owed -= amount;
    const refundId = newId('re', now);
    await db
      .insertInto('refunds')
      .values({
        org_id: actor.orgId,
        id: refundId,
        credit_note_id: id,
        payment_id: payment.id,
        amount,
        currency: invoice.currency,
        status: 'pending',
        idempotency_key: `seatledger-${refundId}`,
        gateway_reference: null,
        failure_code: null,
        failure_message: null,
        created_at: now,
        settled_at: null,
      })
      .execute();
  }
  const settled = invoice.status === 'open' && amountDue(invoice) === split.prePayment;
  await db
    .updateTable('invoices')
    .set((eb) => ({
      amount_credited: eb('amount_credited', '+', split.prePayment),
      amount_credited_after_payment: eb(
        'amount_credited_after_payment',
        '+',
        split.refund + split.balance,
      ),
      ...(settled ? { status: 'paid' as const, next_attempt_at: null } : {}),
    }))
    .where('id', '=', invoice.id)
    .execute();
  await audit(db, actor, now, {
    action: 'credit_note.issued',
    subject: invoice.id,
    before: { status: invoice.status, amountDue: amountDue(invoice) },
    after: {
      creditNoteId: id,
      number,
      amount: request.amount,
      prePayment: split.prePayment,
      refund: split.refund,
      balance: split.balance,
      status: settled ? 'paid' : invoice.status,
    },
    reason: request.memo ? `${request.reason}: ${request.memo}` : request.reason,
  });
  return id;
}
