import Stripe from 'stripe';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../../src/payments/stripe-gateway.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import {
  operatorCaller,
  signUp,
  startService,
  type Call,
  type Tenant,
  type TestService,
} from '../support/service.js';

/**
 * Stripe's signed events, as Stripe would send them to POST /v1/webhooks/stripe: signed with
 * the endpoint's secret by the `stripe` package's own test signer, against a service on the
 * Stripe adapter (the local server answering as Stripe's API).
 */
const SECRET = 'whsec_test_local';
const signer = new Stripe('sk_test_local');
let fake: FakeStripe;
let service: TestService;
let operator: Call;

beforeAll(async () => {
  fake = await startFakeStripe('sk_test_local');
  service = await startService(
    undefined,
    new StripeGateway({ secretKey: 'sk_test_local', apiBase: fake.url, webhookSecret: SECRET }),
  );
  operator = await operatorCaller(service);
});
afterAll(async () => {
  await service.close();
  await fake.close();
});

let counter = 0;
function event(type: string, object: unknown): string {
  counter += 1;
  return JSON.stringify({
    id: `evt_test_${process.pid}_${counter}`,
    object: 'event',
    type,
    api_version: '2025-11-17.clover',
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });
}

async function deliver(payload: string, signature?: string) {
  const response = await service.app.inject({
    method: 'POST',
    url: '/v1/webhooks/stripe',
    headers: {
      'content-type': 'application/json',
      'stripe-signature':
        signature ?? signer.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
    },
    payload,
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

async function tenantWithCard(card: string): Promise<{ tenant: Tenant; invoiceUrl: string }> {
  const tenant = await signUp(service.app);
  expect((await tenant.call('POST', '/v1/payment-methods', { token: card })).status).toBe(201);
  const invoices = await tenant.call('GET', '/v1/invoices');
  const invoice = (invoices.body['data'] as { id: string }[])[0];
  return { tenant, invoiceUrl: `/v1/invoices/${invoice?.id ?? ''}` };
}

describe("Stripe's signed events (asynchronous outcomes)", () => {
  it('a payment left processing is settled by its event, once; meanwhile no second charge', async () => {
    const { tenant, invoiceUrl } = await tenantWithCard('pm_card_processing');
    const paying = await tenant.call('POST', `${invoiceUrl}/pay`);
    expect(paying.status).toBe(200);
    expect(paying.body).toMatchObject({ status: 'pending' });
    const again = await tenant.call('POST', `${invoiceUrl}/pay`);
    expect(again.body).toMatchObject({ code: 'payment_in_progress' });
    expect((await tenant.call('GET', invoiceUrl)).body).toMatchObject({ status: 'open' });

    const intents = [...fake.intents.values()].filter((i) => i['status'] === 'processing');
    const intent = { ...intents.at(-1), status: 'succeeded' };
    const payload = event('payment_intent.succeeded', intent);
    expect(await deliver(payload)).toMatchObject({
      status: 200,
      body: { outcome: 'settled', duplicate: false },
    });
    expect((await tenant.call('GET', invoiceUrl)).body).toMatchObject({
      status: 'paid',
      amountDue: 0,
    });
    // Stripe delivers at least once: the same event again changes nothing.
    expect(await deliver(payload)).toMatchObject({ status: 200, body: { duplicate: true } });
    const payments = (await tenant.call('GET', `${invoiceUrl}/payments`)).body['data'];
    expect(payments).toMatchObject([{ status: 'succeeded' }]);
    const audit = await tenant.call('GET', '/v1/audit-log?action=payment.succeeded');
    expect(audit.body['data']).toHaveLength(1);
  });

  it('a failed processing payment leaves the invoice open, with the reason', async () => {
    const { tenant, invoiceUrl } = await tenantWithCard('pm_card_processing');
    await tenant.call('POST', `${invoiceUrl}/pay`);
    const intent = [...fake.intents.values()].filter((i) => i['status'] === 'processing').at(-1);
    const failed = {
      ...intent,
      status: 'requires_payment_method',
      last_payment_error: {
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    };
    expect((await deliver(event('payment_intent.payment_failed', failed))).body).toMatchObject({
      outcome: 'settled',
    });
    expect((await tenant.call('GET', invoiceUrl)).body).toMatchObject({ status: 'open' });
    const payments = (await tenant.call('GET', `${invoiceUrl}/payments`)).body['data'];
    expect(payments).toMatchObject([{ status: 'failed', failureCode: 'insufficient_funds' }]);
  });

  it('refuses an event whose signature does not verify, and changes nothing', async () => {
    const { tenant, invoiceUrl } = await tenantWithCard('pm_card_processing');
    await tenant.call('POST', `${invoiceUrl}/pay`);
    const intent = [...fake.intents.values()].filter((i) => i['status'] === 'processing').at(-1);
    const payload = event('payment_intent.succeeded', { ...intent, status: 'succeeded' });
    const forged = signer.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' });
    for (const signature of [forged, 't=1,v1=00', 'nonsense']) {
      const refused = await deliver(payload, signature);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', field: 'Stripe-Signature' });
    }
    const tampered = payload.replace('"succeeded"', '"succeeded" ');
    const signed = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    expect((await deliver(tampered, signed)).status).toBe(400);
    expect((await tenant.call('GET', invoiceUrl)).body).toMatchObject({ status: 'open' });
    const none = await service.app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(none.statusCode).toBe(400);
  });

  it('a refund Stripe took, then failed at the card network, is refused after all and can be retried', async () => {
    const { tenant, invoiceUrl } = await tenantWithCard('pm_card_visa');
    expect((await tenant.call('POST', `${invoiceUrl}/pay`)).body).toMatchObject({
      status: 'succeeded',
    });
    const note = await operator(
      'POST',
      `${invoiceUrl}/credit-notes`,
      { amount: 1500, reason: 'duplicate', refundTo: 'card' },
      { 'seatledger-organization': tenant.orgId },
    );
    const refund = (note.body['refunds'] as { id: string; status: string }[])[0];
    expect(refund).toMatchObject({ status: 'succeeded' });
    const stored = await sql<{ reference: string; key: string }>`
      select gateway_reference as reference, idempotency_key as key from refunds
      where id = ${refund?.id ?? ''}`.execute(service.store.db);
    const row = stored.rows[0];
    const failed = {
      id: row?.reference,
      object: 'refund',
      amount: 1500,
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
      metadata: { seatledger_key: row?.key },
    };
    expect((await deliver(event('refund.failed', failed))).body).toMatchObject({
      outcome: 'settled',
    });
    const listed = (await tenant.call('GET', `${invoiceUrl}/credit-notes`)).body['data'] as {
      refunds: unknown[];
    }[];
    expect(listed[0]?.refunds).toMatchObject([
      { status: 'failed', failureCode: 'expired_or_canceled_card' },
    ]);
    const retried = await operator('POST', `/v1/refunds/${refund?.id ?? ''}/retry`, undefined, {
      'seatledger-organization': tenant.orgId,
    });
    expect(retried.status).toBe(200);
  });

  it('events about nothing of ours are taken and ignored', async () => {
    const other = await deliver(event('customer.created', { id: 'cus_x', object: 'customer' }));
    expect(other).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
    const stranger = await deliver(
      event('payment_intent.succeeded', {
        id: 'pi_elsewhere',
        object: 'payment_intent',
        status: 'succeeded',
        metadata: { seatledger_key: 'not-one-of-ours' },
      }),
    );
    expect(stranger.body).toMatchObject({ outcome: 'not_ours' });
  });
});
