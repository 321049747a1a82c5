import type { Selectable } from 'kysely';
import type { ChargeOutcome } from '../../payments/gateway.js';
import type { PaymentsTable } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import {
  actorLabel,
  inTransaction,
  requireScope,
  type Actor,
  type AppContext,
  type Db,
} from '../context.js';
import { newId } from '../ids.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { amountDue } from '../billing/amount-due.js';
import { lockInvoice, requireInvoice } from '../billing/invoice-queries.js';
import { consoleLink, notify } from '../notifications/notify.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { paymentOutcomeEmail } from '../../notifications/templates/payment-outcome.js';
import { gatewayOf } from './payment-gateway.js';
import { defaultMethod } from './payment-methods.js';

type PaymentRow = Selectable<PaymentsTable>;

export function paymentView(row: PaymentRow) {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    paymentMethodId: row.payment_method_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    createdAt: row.created_at.toISOString(),
    settledAt: row.settled_at?.toISOString() ?? null,
  };
}

/**
 * Pay an open invoice now with the default card. Never twice: the attempt is written (with
 * the idempotency key the gateway is asked with) and committed before the gateway is asked,
 * one attempt at a time per invoice; its outcome is written after. An attempt left pending
 * (a crash, or a request still running) is settled first by asking the gateway again with its
 * key, which answers with the first charge's outcome and charges nothing more. A decline is
 * kept, in the audit log, and answered 402 `payment_failed` with the gateway's reason.
 */
export async function payInvoice(context: AppContext, actor: Actor, invoiceId: string) {
  requireScope(actor, 'billing:manage');
  return paymentView(await chargeInvoice(context, actor, invoiceId));
}

/** Charge an open invoice's amount due to the default card (pay-now and automatic collection). */
export async function chargeInvoice(
  context: AppContext,
  actor: Actor,
  invoiceId: string,
): Promise<PaymentRow> {
  await settlePending(context, actor, invoiceId);
  const attempt = await inTransaction(context, async (trx) => {
    // Another organisation's invoice is not found, whoever asks.
    const invoice = await lockInvoice(trx, actor.orgId, invoiceId);
    const due = amountDue(invoice);
    if (invoice.status !== 'open' || due <= 0n) {
      throw new AppError(
        'invoice_not_open',
        `Invoice ${invoice.number} is ${invoice.status}`,
        null,
        {
          status: invoice.status,
        },
      );
    }
    // Read after the lock: an attempt the gateway is still deciding (a payment processing,
    // or a request still running) must be decided before another is made.
    const pending = await trx
      .selectFrom('payments')
      .select('id')
      .where('invoice_id', '=', invoice.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) {
      throw new AppError(
        'payment_in_progress',
        `A payment of invoice ${invoice.number} is being processed: its outcome comes from the gateway`,
      );
    }
    const method = await defaultMethod(trx, actor.orgId);
    const organization = await loadOrganization(trx, actor.orgId);
    if (!method || !organization.payment_customer) {
      throw new AppError(
        'payment_method_required',
        'No card on file: add one (POST /v1/payment-methods) and try again',
      );
    }
    // The organisation's now: a test clock's payments are dated on it, like its invoices.
    const now = organizationNow(context, organization);
    const id = newId('pay', now);
    const row: PaymentRow = {
      org_id: actor.orgId,
      id,
      invoice_id: invoice.id,
      payment_method_id: method.id,
      amount: due,
      currency: invoice.currency,
      status: 'pending',
      idempotency_key: `seatledger-${id}`,
      gateway_reference: null,
      failure_code: null,
      failure_message: null,
      actor: actorLabel(actor),
      created_at: now,
      settled_at: null,
    };
    await trx.insertInto('payments').values(row).execute();
    return {
      row,
      customer: organization.payment_customer,
      method: method.gateway_method,
      number: invoice.number,
      now,
    };
  });
  const outcome = await gatewayOf(context).charge({
    customer: attempt.customer,
    method: attempt.method,
    amount: attempt.row.amount,
    currency: attempt.row.currency,
    idempotencyKey: attempt.row.idempotency_key,
    description: `Invoice ${attempt.number}`,
  });
  const settled = await settlePayment(context, actor, attempt.row.id, outcome, attempt.now);
  if (settled.status === 'failed') {
    throw new AppError('payment_failed', settled.failure_message ?? 'The card was declined', null, {
      declineCode: settled.failure_code,
      payment: paymentView(settled),
    });
  }
  return settled;
}

/** Settle the invoice's attempts still pending, asking the gateway again with their keys. */
async function settlePending(context: AppContext, actor: Actor, invoiceId: string): Promise<void> {
  const pending = await context.store.db
    .selectFrom('payments')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .innerJoin('organizations', 'organizations.id', 'payments.org_id')
    .selectAll('payments')
    .select(['payment_methods.gateway_method', 'organizations.payment_customer'])
    .where('payments.org_id', '=', actor.orgId)
    .where('payments.invoice_id', '=', invoiceId)
    .where('payments.status', '=', 'pending')
    .execute();
  for (const attempt of pending) {
    const outcome = await gatewayOf(context).charge({
      customer: attempt.payment_customer ?? '',
      method: attempt.gateway_method,
      amount: attempt.amount,
      currency: attempt.currency,
      idempotencyKey: attempt.idempotency_key,
      description: `Invoice ${invoiceId}`,
    });
    await settlePayment(context, actor, attempt.id, outcome, attempt.created_at);
  }
}

/**
 * Write a charge's outcome to its attempt and, when it succeeded, to its invoice (paid once
 * paid in full). Only a pending attempt is settled: a second answer for one changes nothing.
 */
export async function settlePayment(
  context: AppContext,
  actor: Actor,
  paymentId: string,
  outcome: ChargeOutcome,
  now: Date,
): Promise<PaymentRow> {
  return inTransaction(context, async (trx) => {
    // The invoice's row first, as a new attempt takes it: an attempt being written and this
    // outcome queue on it instead of deadlocking on the payment's unique index.
    await trx
      .selectFrom('invoices')
      .select('invoices.id')
      .innerJoin('payments', 'payments.invoice_id', 'invoices.id')
      .where('payments.id', '=', paymentId)
      .forUpdate('invoices')
      .execute();
    if (outcome.status === 'pending') {
      // Not decided yet: the gateway's reference is kept; its event (or a later ask) decides.
      return trx
        .updateTable('payments')
        .set({ gateway_reference: outcome.reference })
        .where('id', '=', paymentId)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const settled = await trx
      .updateTable('payments')
      .set({
        status: outcome.status,
        gateway_reference: outcome.reference,
        failure_code: outcome.status === 'failed' ? outcome.code : null,
        failure_message: outcome.status === 'failed' ? outcome.message : null,
        settled_at: now,
      })
      .where('id', '=', paymentId)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!settled) {
      return trx
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', paymentId)
        .executeTakeFirstOrThrow();
    }
    if (settled.status === 'succeeded') {
      const invoice = await trx
        .updateTable('invoices')
        .set((eb) => ({
          amount_paid: eb('amount_paid', '+', settled.amount),
          status: eb
            .case()
            .when(
              eb('amount_paid', '+', settled.amount),
              '>=',
              eb('total', '-', eb.ref('amount_credited')),
            )
            .then('paid' as const)
            .else(eb.ref('status'))
            .end(),
          // Paid, or partly: the automatic collection stops.
          next_attempt_at: null,
        }))
        .where('id', '=', settled.invoice_id)
        .returning(['status', 'number', 'amount_paid', 'total', 'currency'])
        .executeTakeFirst();
      if (invoice?.status === 'paid') {
        await emitEvent(trx, {
          orgId: settled.org_id,
          type: 'invoice.paid',
          data: {
            invoiceId: settled.invoice_id,
            number: invoice.number,
            total: invoice.total,
            amountPaid: invoice.amount_paid,
            currency: invoice.currency,
            paymentId: settled.id,
          },
          at: now,
        });
      }
    } else {
      await emitEvent(trx, {
        orgId: settled.org_id,
        type: 'payment.failed',
        data: {
          paymentId: settled.id,
          invoiceId: settled.invoice_id,
          amount: settled.amount,
          currency: settled.currency,
          code: settled.failure_code,
          message: settled.failure_message,
        },
        at: now,
      });
    }
    await notifyPayment(context, trx, settled, now);
    await audit(trx, actor, now, {
      action: settled.status === 'succeeded' ? 'payment.succeeded' : 'payment.failed',
      subject: settled.invoice_id,
      after: {
        paymentId: settled.id,
        amount: settled.amount,
        currency: settled.currency,
        ...(settled.status === 'failed'
          ? { code: settled.failure_code, message: settled.failure_message }
          : {}),
      },
    });
    return settled;
  });
}

/** Tell the billing contact a payment went through, or was declined and why. */
async function notifyPayment(
  context: AppContext,
  db: Db,
  payment: PaymentRow,
  at: Date,
): Promise<void> {
  const about = await db
    .selectFrom('invoices')
    .innerJoin('organizations', 'organizations.id', 'invoices.org_id')
    .select(['invoices.number', 'invoices.location_id', 'organizations.time_zone'])
    .where('invoices.id', '=', payment.invoice_id)
    .executeTakeFirstOrThrow();
  const card = await db
    .selectFrom('payment_methods')
    .select(['brand', 'last4'])
    .where('id', '=', payment.payment_method_id)
    .executeTakeFirst();
  const succeeded = payment.status === 'succeeded';
  await notify(context, db, {
    orgId: payment.org_id,
    kind: succeeded ? 'payment_succeeded' : 'payment_failed',
    locationId: about.location_id,
    at,
    content: paymentOutcomeEmail({
      outcome: succeeded ? 'succeeded' : 'failed',
      invoiceNumber: about.number,
      amount: payment.amount,
      currency: payment.currency,
      timeZone: about.time_zone,
      card: card ? `${card.brand} ending ${card.last4}` : null,
      reason: payment.failure_message,
      url: consoleLink(context, `invoices/${payment.invoice_id}`),
    }),
    dedupKey: `payment:${payment.id}`,
  });
}

/** The payments made or tried for an invoice, oldest first. */
export async function listPayments(context: AppContext, actor: Actor, invoiceId: string) {
  requireScope(actor, 'billing:read');
  await requireInvoice(context.store.db, actor.orgId, invoiceId);
  const rows = await context.store.db
    .selectFrom('payments')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { data: rows.map(paymentView) };
}
