import { emitEvent } from '../webhooks/emit-event.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import type { IssuedInvoice } from '../billing/issue-invoices.js';
import { actorLabel, inTransaction, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { spansTransactions } from '../response-scope.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { quoteProposal, type Proposal } from '../subscriptions/quote-proposal.js';
import type { Plan } from '../../core/index.js';
import {
  knownPlansOf,
  loadSubscriptionLog,
  storedPlan,
  type SubscriptionLog,
} from '../subscriptions/subscription-log.js';
import { gatewayOf } from './payment-gateway.js';
import { defaultMethod } from './payment-methods.js';
import { refuseWhileBlocked } from './collection-status.js';

/** A purchase the card has paid for, waiting to be recorded. */
export interface PaidPurchase {
  readonly intentId: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly reference: string;
  readonly paymentMethodId: string;
  readonly idempotencyKey: string;
}

/**
 * A purchase on a plan paid at once by card (004: "paid for at once by credit or debit card,
 * then available"): the card is charged first, and the licences are added only once it paid.
 * The intent (amount, card, idempotency key) is written and committed before the gateway is
 * asked; a decline is kept, in the audit log, and answered 402 with the gateway's reason,
 * nothing added. Null when the change is not one: another collection method, nothing charged
 * now, or a change the engine refuses (recording it then says why).
 */
export async function chargeForPurchase(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  proposal: Proposal,
): Promise<PaidPurchase | null> {
  // Read without a transaction: a change that is no such purchase is recorded in one.
  const db = context.store.db;
  const organization = await loadOrganization(db, actor.orgId);
  const now = organizationNow(context, organization);
  const log = await loadSubscriptionLog(db, actor.orgId, subscriptionId, { lock: false });
  // Most changes are on plans invoiced with terms: no second run of the engine for them.
  if (!mayChargeAtOnce(log)) return null;
  const { at, quote } = quoteProposal(log, now, proposal);
  if (quote.outcome.outcome === 'rejected') return null;
  if (quote.result.plan.service.collection.method !== 'charge_automatically') return null;
  const amount = quote.result.invoices
    .filter((invoice) => invoice.issuedAt.ms === at.getTime())
    .reduce((sum, invoice) => sum + invoice.total, 0n);
  if (amount <= 0n) return null;
  await refuseWhileBlocked(db, subscriptionId, now);
  spansTransactions();
  const intent = await inTransaction(context, async (trx) => {
    const method = await defaultMethod(trx, actor.orgId);
    if (!method || !organization.payment_customer) {
      throw new AppError(
        'payment_method_required',
        'This plan is paid at once by card: add a card (POST /v1/payment-methods) first',
      );
    }
    const id = newId('pi', now);
    const row = {
      org_id: actor.orgId,
      id,
      subscription_id: subscriptionId,
      payment_method_id: method.id,
      proposal: JSON.stringify(proposal),
      amount,
      currency: quote.result.plan.currency,
      idempotency_key: `seatledger-${id}`,
      status: 'pending' as const,
      gateway_reference: null,
      failure_code: null,
      failure_message: null,
      actor: actorLabel(actor),
      created_at: context.clock(),
      settled_at: null,
    };
    await trx.insertInto('purchase_intents').values(row).execute();
    return { ...row, customer: organization.payment_customer, method: method.gateway_method };
  });
  if (!intent) return null;
  const outcome = await gatewayOf(context).charge({
    customer: intent.customer,
    method: intent.method,
    amount: intent.amount,
    currency: intent.currency,
    idempotencyKey: intent.idempotency_key,
    description: `Licences for subscription ${subscriptionId}`,
  });
  if (outcome.status === 'failed') {
    await inTransaction(context, async (trx) => {
      await settleIntent(trx, intent.id, 'failed', outcome.reference, context.clock(), {
        code: outcome.code,
        message: outcome.message,
      });
      await audit(trx, actor, context.clock(), {
        action: 'purchase.payment_failed',
        subject: subscriptionId,
        after: {
          amount: intent.amount,
          currency: intent.currency,
          code: outcome.code,
          message: outcome.message,
          proposal,
        },
      });
    });
    throw new AppError('payment_failed', outcome.message, null, {
      declineCode: outcome.code,
      amount: intent.amount,
    });
  }
  if (outcome.status === 'pending') {
    // The card's bank has not decided: nothing is bought now. The intent stays pending; the
    // billing run asks again and gives the money back if it went through.
    throw new AppError(
      'payment_in_progress',
      'The card payment is still being processed, so nothing was bought: if it goes through it is refunded; try again later',
      null,
      { amount: intent.amount },
    );
  }
  return {
    intentId: intent.id,
    amount: intent.amount,
    currency: intent.currency,
    reference: outcome.reference,
    paymentMethodId: intent.payment_method_id,
    idempotencyKey: intent.idempotency_key,
  };
}

/**
 * Whether any plan the subscription may be on now is collected by card: the one it was sold
 * on, those its checkpoint holds (in force, renewed), and any a later renewal names.
 */
function mayChargeAtOnce(log: SubscriptionLog): boolean {
  const plans: unknown[] = [log.row.plan];
  for (const event of log.events) {
    if (event.op === 'renew') plans.push((event.payload as { plan?: unknown }).plan);
  }
  const known = knownPlansOf(log).knownPlans;
  const collected = (plan: Plan) => plan.service.collection.method === 'charge_automatically';
  if (known.some(collected)) return true;
  return plans.some((plan) => {
    if (plan === undefined) return false;
    try {
      return collected(storedPlan(plan));
    } catch {
      return true;
    }
  });
}

/**
 * In the transaction that records the purchase: the invoices it issued are paid by the
 * charge (their total must be what was charged), and the intent is completed.
 */
export async function completePurchase(
  db: Db,
  context: AppContext,
  actor: Actor,
  paid: PaidPurchase,
  invoices: readonly IssuedInvoice[],
): Promise<void> {
  const total = invoices.reduce((sum, invoice) => sum + invoice.total, 0n);
  if (total !== paid.amount) {
    throw new AppError(
      'conflict',
      'The price changed while the card was being charged: the charge is refunded; try again',
    );
  }
  const now = context.clock();
  for (const [i, invoice] of invoices.entries()) {
    if (invoice.total <= 0n) continue;
    await db
      .insertInto('payments')
      .values({
        org_id: actor.orgId,
        id: newId('pay', now),
        invoice_id: invoice.id,
        payment_method_id: paid.paymentMethodId,
        amount: invoice.total,
        currency: paid.currency,
        status: 'succeeded',
        idempotency_key: `${paid.idempotencyKey}-${i}`,
        gateway_reference: paid.reference,
        failure_code: null,
        failure_message: null,
        actor: actorLabel(actor),
        created_at: now,
        settled_at: now,
      })
      .execute();
    await db
      .updateTable('invoices')
      .set({ amount_paid: invoice.total, status: 'paid' })
      .where('id', '=', invoice.id)
      .execute();
    await emitEvent(db, {
      orgId: actor.orgId,
      type: 'invoice.paid',
      data: {
        invoiceId: invoice.id,
        number: invoice.number,
        total: invoice.total,
        amountPaid: invoice.total,
        currency: paid.currency,
      },
      at: now,
    });
  }
  await settleIntent(db, paid.intentId, 'completed', paid.reference, now);
}

/** The card was charged but the purchase could not be recorded: the charge goes back. */
export async function refundPurchase(
  context: AppContext,
  actor: Actor,
  paid: PaidPurchase,
  why: unknown,
): Promise<void> {
  await refundInFull(context, paid.reference);
  const message = why instanceof Error ? why.message : String(why);
  await inTransaction(context, async (trx) => {
    await settleIntent(trx, paid.intentId, 'refunded', paid.reference, context.clock(), {
      code: 'not_recorded',
      message,
    });
    await audit(trx, actor, context.clock(), {
      action: 'purchase.refunded',
      subject: paid.intentId,
      after: { amount: paid.amount, currency: paid.currency, reason: message },
    });
  });
}

/**
 * Give a purchase's charge back in full, once (one idempotency key per charge). A refusal
 * throws: the intent is not marked refunded, and the next billing run tries again.
 */
async function refundInFull(context: AppContext, reference: string): Promise<void> {
  const outcome = await gatewayOf(context).refund({
    reference,
    amount: null,
    idempotencyKey: `seatledger-refund-${reference}`,
  });
  if (outcome.status === 'failed' && outcome.code !== 'charge_already_refunded') {
    throw new Error(`the gateway refused to refund ${reference}: ${outcome.message}`);
  }
}

const RECONCILE_AFTER_MS = 60_000;

/**
 * Intents left pending (the process died between asking the gateway and recording the
 * purchase) are settled by asking the gateway what came of their key: never charged, they are
 * abandoned; declined, failed; charged, refunded (the customer was never told the purchase
 * went through). Run with every billing run. Returns how many it settled.
 */
export async function reconcilePurchases(context: AppContext): Promise<number> {
  const before = new Date(context.clock().getTime() - RECONCILE_AFTER_MS);
  const pending = await context.store.db
    .selectFrom('purchase_intents')
    .selectAll()
    .where('status', '=', 'pending')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(100)
    .execute();
  const gateway = gatewayOf(context);
  for (const intent of pending) {
    const outcome = await gateway.findCharge(intent.idempotency_key);
    // Still being decided: asked again by the next run.
    if (outcome?.status === 'pending') continue;
    if (outcome?.status === 'succeeded') await refundInFull(context, outcome.reference);
    const status = !outcome ? 'abandoned' : outcome.status === 'failed' ? 'failed' : 'refunded';
    await inTransaction(context, async (trx) => {
      await settleIntent(trx, intent.id, status, outcome?.reference ?? null, context.clock(), {
        code: outcome?.status === 'failed' ? outcome.code : 'not_recorded',
        message: 'settled after the purchase was interrupted',
      });
      const system: Actor = {
        orgId: intent.org_id,
        kind: 'system',
        id: 'payments',
        scopes: new Set(),
      };
      await audit(trx, system, context.clock(), {
        action: `purchase.${status}`,
        subject: intent.id,
        after: { amount: intent.amount, currency: intent.currency },
      });
    });
  }
  return pending.length;
}

async function settleIntent(
  db: Db,
  id: string,
  status: 'completed' | 'failed' | 'refunded' | 'abandoned',
  reference: string | null,
  at: Date,
  failure: { code: string; message: string } | null = null,
): Promise<void> {
  await db
    .updateTable('purchase_intents')
    .set({
      status,
      gateway_reference: reference,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      settled_at: at,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
