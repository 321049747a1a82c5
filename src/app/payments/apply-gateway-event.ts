import { sql } from 'kysely';
import type { GatewayEvent } from '../../payments/gateway.js';
import type { Actor, AppContext } from '../context.js';
import { settlePayment } from './pay-invoice.js';
import { refundFailedLater, settleRefund } from './send-refunds.js';

/** What an event did: kept with it, and answered to the gateway. */
export type EventOutcome =
  'settled' | 'still_pending' | 'already_settled' | 'left_to_billing_run' | 'not_ours' | 'ignored';

const systemActor = (orgId: string): Actor => ({
  orgId,
  kind: 'system',
  id: 'payments',
  scopes: new Set(),
});

/**
 * Take an event the gateway sent (signature already verified by the adapter): an asynchronous
 * outcome of a charge or a refund is written to its attempt, as the synchronous answer would
 * have been. Every effect settles only what is still undecided, so a delivery the gateway
 * repeats, or an event racing the request that made the charge, changes nothing twice; the
 * event is kept by its id after its effect, so a crash in between is redone by the gateway's
 * retry. Purchases paid at once are left to the billing run's reconciliation, which refunds a
 * charge whose purchase was not recorded (an event may arrive while it is being recorded).
 */
export async function applyGatewayEvent(
  context: AppContext,
  gateway: string,
  event: GatewayEvent,
): Promise<{ outcome: EventOutcome; duplicate: boolean }> {
  const db = context.store.db;
  const known = await db
    .selectFrom('gateway_events')
    .select('outcome')
    .where('id', '=', event.id)
    .executeTakeFirst();
  if (known) return { outcome: known.outcome as EventOutcome, duplicate: true };
  const outcome =
    event.kind === 'charge'
      ? await chargeEvent(context, event)
      : event.kind === 'refund'
        ? await refundEvent(context, event)
        : 'ignored';
  const type = event.kind === 'other' ? event.type : event.kind;
  await sql`
    insert into gateway_events (id, gateway, type, outcome, received_at)
    values (${event.id}, ${gateway}, ${type}, ${outcome}, ${context.clock()})
    on conflict (id) do nothing`.execute(db);
  return { outcome, duplicate: false };
}

async function chargeEvent(
  context: AppContext,
  event: Extract<GatewayEvent, { kind: 'charge' }>,
): Promise<EventOutcome> {
  if (!event.key) return 'not_ours';
  const db = context.store.db;
  const payment = await db
    .selectFrom('payments')
    .select(['id', 'org_id', 'status', 'created_at'])
    .where('idempotency_key', '=', event.key)
    .executeTakeFirst();
  if (!payment) {
    const intent = await db
      .selectFrom('purchase_intents')
      .select('id')
      .where('idempotency_key', '=', event.key)
      .executeTakeFirst();
    return intent ? 'left_to_billing_run' : 'not_ours';
  }
  if (payment.status !== 'pending') return 'already_settled';
  const settled = await settlePayment(
    context,
    systemActor(payment.org_id),
    payment.id,
    event.outcome,
    payment.created_at,
  );
  return settled.status === 'pending' ? 'still_pending' : 'settled';
}

async function refundEvent(
  context: AppContext,
  event: Extract<GatewayEvent, { kind: 'refund' }>,
): Promise<EventOutcome> {
  const refund = await context.store.db
    .selectFrom('refunds')
    .select(['id', 'org_id', 'status'])
    .where((eb) =>
      eb.or([
        eb('gateway_reference', '=', event.reference),
        ...(event.key ? [eb('idempotency_key', '=', event.key)] : []),
      ]),
    )
    .executeTakeFirst();
  if (!refund) return 'not_ours';
  const actor = systemActor(refund.org_id);
  if (refund.status === 'pending') {
    await settleRefund(context, actor, refund.id, event.outcome);
    return 'settled';
  }
  // Taken by the gateway, then failed at the card network: the customer is still owed it.
  if (refund.status === 'succeeded' && event.outcome.status === 'failed') {
    await refundFailedLater(context, actor, refund.id, event.outcome);
    return 'settled';
  }
  return 'already_settled';
}
