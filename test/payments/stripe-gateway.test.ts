import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../../src/payments/stripe-gateway.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';

/**
 * The Stripe adapter's suite: against a local server answering as Stripe's API reference
 * documents, or, with STRIPE_TEST_SECRET_KEY set, against Stripe itself in test mode
 * (docs/payments.md: `STRIPE_TEST_SECRET_KEY=sk_test_... npx vitest run test/payments`).
 */
const realKey = process.env['STRIPE_TEST_SECRET_KEY'];
let fake: FakeStripe | null = null;
let gateway: StripeGateway;

beforeAll(async () => {
  if (realKey) {
    gateway = new StripeGateway({ secretKey: realKey });
    return;
  }
  fake = await startFakeStripe('sk_test_local');
  gateway = new StripeGateway({ secretKey: 'sk_test_local', apiBase: fake.url });
});
afterAll(() => fake?.close());

const key = (name: string) => `seatledger-test-${name}-${process.pid}-${Date.now()}`;

describe('the Stripe gateway', () => {
  it('attaches a card to a customer and keeps only brand, last four and expiry', async () => {
    const customer = await gateway.createCustomer({
      reference: `org_${process.pid}`,
      name: 'Test clinic',
    });
    expect(customer).toMatch(/^cus_/);
    const card = await gateway.attachCard({ customer, token: 'pm_card_visa' });
    expect(card).toMatchObject({ ok: true, brand: 'visa', last4: '4242' });
  });

  it('refuses a card the issuer declines, with the reason', async () => {
    const customer = await gateway.createCustomer({
      reference: `org_d_${process.pid}`,
      name: 'Declined',
    });
    const declined = await gateway.attachCard({
      customer,
      token: 'pm_card_chargeDeclinedInsufficientFunds',
    });
    expect(declined).toMatchObject({ ok: false, code: 'insufficient_funds' });
  });

  it('charges off session once per idempotency key, finds it again, refunds it', async () => {
    const customer = await gateway.createCustomer({
      reference: `org_c_${process.pid}`,
      name: 'Charged',
    });
    const card = await gateway.attachCard({ customer, token: 'pm_card_visa' });
    if (!card.ok) throw new Error('not attached');
    const request = {
      customer,
      method: card.method,
      amount: 30000n,
      currency: 'USD',
      idempotencyKey: key('charge'),
      description: 'Invoice 1',
    };
    const first = await gateway.charge(request);
    const again = await gateway.charge(request);
    expect(first.status).toBe('succeeded');
    expect(again).toEqual(first);
    if (fake) expect(fake.intents.size).toBeGreaterThanOrEqual(1);
    if (!realKey) {
      // Stripe's search is eventually consistent (up to a minute): checked on the local server.
      expect(await gateway.findCharge(request.idempotencyKey)).toEqual(first);
      expect(await gateway.findCharge(key('never'))).toBeNull();
    }
    const reference = first.reference ?? '';
    const part = { reference, amount: 10000n, idempotencyKey: key('refund-part') };
    const refunded = await gateway.refund(part);
    expect(refunded.status).toBe('succeeded');
    // Asked again with its key: the same refund, nothing more given back.
    expect(await gateway.refund(part)).toEqual(refunded);
    // More than is left of the charge is refused, with Stripe's reason.
    expect(
      await gateway.refund({ reference, amount: 20001n, idempotencyKey: key('refund-over') }),
    ).toMatchObject({ status: 'failed' });
    expect(
      await gateway.refund({ reference, amount: null, idempotencyKey: key('refund-rest') }),
    ).toMatchObject({ status: 'succeeded' });
    expect(
      await gateway.refund({ reference, amount: null, idempotencyKey: key('refund-again') }),
    ).toMatchObject({ status: 'failed' });
    if (fake) {
      expect(fake.refunds.filter((r) => r.paymentIntent === reference)).toEqual([
        { paymentIntent: reference, amount: 10000 },
        { paymentIntent: reference, amount: 20000 },
      ]);
    }
  });

  it('a key still being answered (a concurrent attempt) is payment_in_progress, not a failure', async () => {
    if (!fake) return;
    const customer = await gateway.createCustomer({
      reference: `org_p_${process.pid}`,
      name: 'Busy',
    });
    const card = await gateway.attachCard({ customer, token: 'pm_card_visa' });
    if (!card.ok) throw new Error('not attached');
    await expect(
      gateway.charge({
        customer,
        method: card.method,
        amount: 100n,
        currency: 'USD',
        idempotencyKey: `in-progress-${process.pid}`,
        description: 'Invoice 3',
      }),
    ).rejects.toMatchObject({ code: 'payment_in_progress' });
  });

  it('a card that attaches but fails when charged answers failed with the decline', async () => {
    const customer = await gateway.createCustomer({
      reference: `org_f_${process.pid}`,
      name: 'Fails',
    });
    const card = await gateway.attachCard({ customer, token: 'pm_card_chargeCustomerFail' });
    if (!card.ok) throw new Error('not attached');
    const outcome = await gateway.charge({
      customer,
      method: card.method,
      amount: 5000n,
      currency: 'USD',
      idempotencyKey: key('fail'),
      description: 'Invoice 2',
    });
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.status === 'failed' ? outcome.message : '').toMatch(/declined/);
  });
});

describe('the service on the Stripe gateway', () => {
  it('keeps a card made by Stripe.js and pays an invoice with it; no test tokenisation', async () => {
    if (!fake) return;
    const { signUp, startService } = await import('../support/service.js');
    const service = await startService(
      undefined,
      new StripeGateway({ secretKey: 'sk_test_local', apiBase: fake.url }),
    );
    try {
      const tenant = await signUp(service.app);
      const tokens = await tenant.call('POST', '/v1/test-gateway/tokens', {
        number: '4242424242424242',
        expMonth: 12,
        expYear: 2030,
        cvc: '123',
      });
      expect(tokens.status).toBe(404);
      const card = await tenant.call('POST', '/v1/payment-methods', { token: 'pm_card_visa' });
      expect(card.body).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true });
      const declined = await tenant.call('POST', '/v1/payment-methods', {
        token: 'pm_card_chargeDeclined',
      });
      expect(declined.status).toBe(402);
      const invoices = await tenant.call('GET', '/v1/invoices');
      const invoice = (invoices.body['data'] as { id: string; total: number }[])[0];
      const paid = await tenant.call('POST', `/v1/invoices/${invoice?.id ?? ''}/pay`);
      expect(paid.body).toMatchObject({ status: 'succeeded', amount: invoice?.total });
      const intent = [...fake.intents.values()].at(-1);
      expect(intent).toMatchObject({
        amount: invoice?.total,
        currency: 'usd',
        status: 'succeeded',
      });
    } finally {
      await service.close();
    }
  });
});
