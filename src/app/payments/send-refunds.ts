import type { RefundOutcome } from '../../payments/gateway.js';
import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { newId } from '../ids.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { gatewayOf } from './payment-gateway.js';

/** Refunds left pending longer than this are asked about again by the billing run. */
const RECONCILE_AFTER_MS = 60_000;

interface PendingRefund {
  readonly id: string;
  readonly org_id: string;
  readonly amount: bigint;
  readonly idempotency_key: string;
  readonly gateway_reference: string | null;
  readonly created_at: Date;
}

function pendingRefunds(context: AppContext) {
  return context.store.db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select([
      'refunds.id',
      'refunds.org_id',
      'refunds.amount',
      'refunds.idempotency_key',
      'refunds.created_at',
      'payments.gateway_reference',
    ])
    .where('refunds.status', '=', 'pending');
}

/**
 * Ask the gateway for a credit note's refunds, each with the idempotency key written with it,
 * and write what it answered. A gateway that cannot be reached leaves them pending: the next
 * billing run asks again with the same keys, so nothing is refunded twice.
 */
export async function sendRefunds(
  context: AppContext,
  actor: Actor,
  creditNoteId: string,
): Promise<void> {
  const pending = await pendingRefunds(context)
    .where('refunds.credit_note_id', '=', creditNoteId)
    .orderBy('refunds.id')
    .execute();
  try {
    for (const refund of pending) await sendRefund(context, actor, refund);
  } catch {
    // Left pending for the billing run; the note stands, and says so.
  }
}

async function sendRefund(context: AppContext, actor: Actor, refund: PendingRefund) {
  const outcome = await gatewayOf(context).refund({
    reference: refund.gateway_reference ?? '',
    amount: refund.amount,
    idempotencyKey: refund.idempotency_key,
  });
  await settleRefund(context, actor, refund.id, outcome);
}

/** Write a refund's outcome, once: only a pending refund is settled. */
export async function settleRefund(
  context: AppContext,
  actor: Actor,
  refundId: string,
  outcome: RefundOutcome,
): Promise<void> {
  await inTransaction(context, async (trx) => {
    const now = context.clock();
    const settled = await trx
      .updateTable('refunds')
      .set({
        status: outcome.status,
        gateway_reference: outcome.status === 'succeeded' ? outcome.reference : null,
        failure_code: outcome.status === 'failed' ? outcome.code : null,
        failure_message: outcome.status === 'failed' ? outcome.message : null,
        settled_at: now,
      })
      .where('id', '=', refundId)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!settled) return;
    await audit(trx, actor, now, {
      action: outcome.status === 'succeeded' ? 'refund.succeeded' : 'refund.failed',
      subject: settled.credit_note_id,
      after: {
        refundId: settled.id,
        paymentId: settled.payment_id,
        amount: settled.amount,
        currency: settled.currency,
        ...(outcome.status === 'failed' ? { code: outcome.code, message: outcome.message } : {}),
      },
    });
  });
}

/**
 * A refund the gateway took, then reported failed (the card network returned it): it is
 * refused after all, in the audit log, and the operator may try it again (`retryRefund`).
 */
export async function refundFailedLater(
  context: AppContext,
  actor: Actor,
  refundId: string,
  outcome: Extract<RefundOutcome, { status: 'failed' }>,
): Promise<void> {
  await inTransaction(context, async (trx) => {
    const failed = await trx
      .updateTable('refunds')
      .set({ status: 'failed', failure_code: outcome.code, failure_message: outcome.message })
      .where('id', '=', refundId)
      .where('status', '=', 'succeeded')
      .returningAll()
      .executeTakeFirst();
    if (!failed) return;
    await audit(trx, actor, context.clock(), {
      action: 'refund.failed',
      subject: failed.credit_note_id,
      before: { status: 'succeeded' },
      after: {
        refundId: failed.id,
        amount: failed.amount,
        currency: failed.currency,
        code: outcome.code,
        message: outcome.message,
      },
    });
  });
}

/**
 * Refunds left pending (a crash after the note was committed, or a gateway away) are asked
 * about again with their keys. Run with every billing run. Returns how many it settled.
 */
export async function reconcileRefunds(context: AppContext): Promise<number> {
  const before = new Date(context.clock().getTime() - RECONCILE_AFTER_MS);
  const pending = await pendingRefunds(context)
    .where('refunds.created_at', '<', before)
    .orderBy('refunds.created_at')
    .limit(100)
    .execute();
  for (const refund of pending) {
    const system: Actor = {
      orgId: refund.org_id,
      kind: 'system',
      id: 'payments',
      scopes: new Set(),
    };
    await sendRefund(context, system, refund);
  }
  return pending.length;
}

/**
 * The operator tries a refused refund again: a new attempt with a new key, for the same
 * payment and amount, while no other attempt for them is pending or went through.
 */
export async function retryRefund(context: AppContext, actor: Actor, refundId: string) {
  const retry = await inTransaction(context, async (trx) => {
    const refund = await trx
      .selectFrom('refunds')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', refundId)
      .forUpdate()
      .executeTakeFirst();
    if (!refund) throw notFound('Refund', 'refundId');
    if (actor.kind !== 'operator') {
      throw new AppError('forbidden', "Only the vendor's operator may retry a refund");
    }
    // Read after the lock: a retry committed meanwhile is seen.
    const other = await trx
      .selectFrom('refunds')
      .select('id')
      .where('credit_note_id', '=', refund.credit_note_id)
      .where('payment_id', '=', refund.payment_id)
      .where('status', '!=', 'failed')
      .executeTakeFirst();
    if (refund.status !== 'failed' || other) {
      throw new AppError(
        'refund_not_retryable',
        other
          ? 'This refund was tried again already, and that attempt was not refused'
          : `This refund is ${refund.status}: only a refused refund can be tried again`,
        'refundId',
        { status: refund.status },
      );
    }
    const now = organizationNow(context, await loadOrganization(trx, actor.orgId));
    const id = newId('re', now);
    await trx
      .insertInto('refunds')
      .values({
        ...refund,
        id,
        status: 'pending',
        idempotency_key: `seatledger-${id}`,
        gateway_reference: null,
        failure_code: null,
        failure_message: null,
        created_at: now,
        settled_at: null,
      })
      .execute();
    await audit(trx, actor, now, {
      action: 'refund.retried',
      subject: refund.credit_note_id,
      after: { refundId: id, retryOf: refund.id, amount: refund.amount },
    });
    return { id, creditNoteId: refund.credit_note_id };
  });
  await sendRefunds(context, actor, retry.creditNoteId);
  return retry;
}
