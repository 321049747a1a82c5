import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGatewayOf } from '../../src/app/payments/payment-gateway.js';
import { billDue } from '../../src/app/billing/bill-due.js';
import {
  addTestCard,
  operatorCaller,
  signUp,
  startService,
  type Tenant,
  type TestService,
} from '../support/service.js';
import { pdfText } from '../support/pdf-text.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

const addCard = (tenant: Tenant, number: string) => addTestCard(tenant, number);

async function firstInvoice(tenant: Tenant) {
  const invoices = await tenant.call('GET', '/v1/invoices');
  const data = invoices.body['data'] as Record<string, unknown>[];
  const invoice = data.at(-1);
  if (!invoice) throw new Error('no invoice');
  return invoice;
}

async function gatewayCharges(tenant: Tenant): Promise<{ status: string; amount: bigint }[]> {
  const { rows } = await sql<{ status: string; amount: bigint }>`
    select c.status, c.amount from test_gateway_charges c
    join test_gateway_methods m on m.id = c.method
    where m.customer = ${`cus_test_${tenant.orgId}`}`.execute(service.store.db);
  return rows;
}

describe('invoices are open until paid, and paid by card (10)', () => {
  it('an issued invoice is open, due on the net terms; an invoice of nothing is paid', async () => {
    const tenant = await signUp(service.app);
    const invoice = await firstInvoice(tenant);
    expect(invoice).toMatchObject({ status: 'open', amountPaid: 0 });
    expect(invoice['amountDue']).toBe(invoice['total']);
    const issued = Date.parse(String(invoice['issuedAt']));
    expect(Date.parse(String(invoice['dueAt'])) - issued).toBe(30 * 86_400_000);
    // A term plan is charged to the card when issued (004): due at once.
    const term = await signUp(service.app, { plan: 'annual-term-blocks', seats: { user: 5 } });
    const termInvoice = await firstInvoice(term);
    expect(termInvoice['dueAt']).toBe(termInvoice['issuedAt']);
  });

  it('refuses card details that cannot be a card, naming the field; keeps no number', async () => {
    const tenant = await signUp(service.app);
    const bad = await tenant.call('POST', '/v1/test-gateway/tokens', {
      number: '4242 4242 4242 4241',
      expMonth: 12,
      expYear: 2030,
      cvc: '123',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', field: 'number' });
    const expired = await tenant.call('POST', '/v1/test-gateway/tokens', {
      number: '4242424242424242',
      expMonth: 1,
      expYear: 2020,
      cvc: '123',
    });
    expect(expired.body).toMatchObject({ field: 'expYear' });
    const added = await addCard(tenant, '4242 4242 4242 4242');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true });
    const stored = await sql<{ text: string }>`
      select (select json_agg(t)::text from test_gateway_tokens t) ||
             (select json_agg(m)::text from payment_methods m) as text`.execute(service.store.db);
    expect(stored.rows[0]?.text).not.toContain('4242424242424242');
  });

  it('pays an open invoice with the default card, once; paying again is refused', async () => {
    const tenant = await signUp(service.app);
    await addCard(tenant, '4242424242424242');
    const invoice = await firstInvoice(tenant);
    const paid = await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'succeeded', amount: invoice['total'] });
    const after = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}`);
    expect(after.body).toMatchObject({
      status: 'paid',
      amountDue: 0,
      amountPaid: invoice['total'],
    });
    const again = await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invoice_not_open' });
    expect(await gatewayCharges(tenant)).toHaveLength(1);
    const history = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}/payments`);
    expect(history.body['data']).toHaveLength(1);
  });

  it('a declined card is refused with the gateway reason and nothing kept (402)', async () => {
    const tenant = await signUp(service.app);
    const declined = await addCard(tenant, '4000000000000002');
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ code: 'payment_failed', declineCode: 'card_declined' });
    const funds = await addCard(tenant, '4000 0000 0000 9995');
    expect(funds.body).toMatchObject({ declineCode: 'insufficient_funds' });
    const methods = await tenant.call('GET', '/v1/payment-methods');
    expect(methods.body['data']).toEqual([]);
    const invoice = await firstInvoice(tenant);
    const pay = await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    expect(pay.status).toBe(409);
    expect(pay.body).toMatchObject({ code: 'payment_method_required' });
  });

  it('a card that attaches but fails when charged: 402, the attempt and the audit kept, still open', async () => {
    const tenant = await signUp(service.app);
    expect((await addCard(tenant, '4000000000000341')).status).toBe(201);
    const invoice = await firstInvoice(tenant);
    const pay = await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    expect(pay.status).toBe(402);
    expect(pay.body).toMatchObject({ code: 'payment_failed', declineCode: 'card_declined' });
    const after = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}`);
    expect(after.body).toMatchObject({ status: 'open', amountPaid: 0 });
    const history = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}/payments`);
    expect(history.body['data']).toMatchObject([
      { status: 'failed', failureCode: 'card_declined' },
    ]);
    const audit = await tenant.call('GET', '/v1/audit-log');
    expect(JSON.stringify(audit.body)).toContain('payment.failed');
  });

  it('pay-now asked five times at once charges once', async () => {
    const tenant = await signUp(service.app);
    await addCard(tenant, '4242424242424242');
    const invoice = await firstInvoice(tenant);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(await gatewayCharges(tenant)).toEqual([
      { status: 'succeeded', amount: BigInt(String(invoice['total'])) },
    ]);
  });

  it('an attempt left pending by a crash after the gateway charged is settled, not charged again', async () => {
    const tenant = await signUp(service.app);
    const card = await addCard(tenant, '4242424242424242');
    const invoice = await firstInvoice(tenant);
    // The state a crash leaves: the attempt committed, the gateway charged, our write lost.
    const method = await sql<{ gateway_method: string }>`
      select gateway_method from payment_methods where id = ${String(card.body['id'])}`.execute(
      service.store.db,
    );
    const amount = BigInt(String(invoice['total']));
    await sql`
      insert into payments (org_id, id, invoice_id, payment_method_id, amount, currency, status,
                            idempotency_key, actor, created_at)
      values (${tenant.orgId}, ${`pay_crash_${tenant.orgId}`}, ${String(invoice['id'])},
              ${String(card.body['id'])}, ${String(amount)}, 'USD', 'pending',
              ${`seatledger-crash-${tenant.orgId}`}, 'test', now())`.execute(service.store.db);
    await testGatewayOf(service.context).charge({
      customer: `cus_test_${tenant.orgId}`,
      method: method.rows[0]?.gateway_method ?? '',
      amount,
      currency: 'USD',
      idempotencyKey: `seatledger-crash-${tenant.orgId}`,
      description: 'before the crash',
    });
    const pay = await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    // The pending attempt is found charged: the invoice is paid by it, and nothing more.
    expect(pay.body).toMatchObject({ code: 'invoice_not_open' });
    const after = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}`);
    expect(after.body).toMatchObject({ status: 'paid' });
    expect(await gatewayCharges(tenant)).toHaveLength(1);
  });
});

describe('a block on a term plan is paid at once by card, then available (004)', () => {
  const termSignUp = () =>
    signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
  const buy = (tenant: Tenant) =>
    tenant.call('POST', `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`, {
      op: 'add',
      seats: { user: 5 },
    });
  const seats = async (tenant: Tenant) => {
    const subscription = await tenant.call('GET', `/v1/subscriptions/${tenant.subscriptionIds[0]}`);
    const pools = subscription.body['pools'] as { licenceType: string; purchased: number }[];
    return Object.fromEntries(pools.map((pool) => [pool.licenceType, pool.purchased]));
  };

  it('charges the default card, adds the licences, and the invoice is paid', async () => {
    const tenant = await termSignUp();
    await addCard(tenant, '4242424242424242');
    const preview = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes?preview=true`,
      { op: 'add', seats: { user: 5 } },
    );
    expect(preview.body).toMatchObject({ chargedNow: 30000, paidWith: 'visa ending 4242' });
    const bought = await buy(tenant);
    expect(bought.status).toBe(200);
    expect(bought.body).toMatchObject({ outcome: 'applied', chargedNow: 30000 });
    expect(await seats(tenant)).toEqual({ user: 10 });
    const invoices = (await tenant.call('GET', '/v1/invoices')).body['data'] as Record<
      string,
      unknown
    >[];
    expect(invoices[0]).toMatchObject({ total: 30000, status: 'paid', amountDue: 0 });
    const charges = await gatewayCharges(tenant);
    expect(charges).toEqual([{ status: 'succeeded', amount: 30000n }]);
  });

  it('a declined card adds nothing: 402 with the reason, in the audit log', async () => {
    const tenant = await termSignUp();
    await addCard(tenant, '4000000000000341');
    const refused = await buy(tenant);
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ code: 'payment_failed', declineCode: 'card_declined' });
    expect(await seats(tenant)).toEqual({ user: 5 });
    const invoices = (await tenant.call('GET', '/v1/invoices')).body['data'] as unknown[];
    expect(invoices).toHaveLength(1);
    const audit = await tenant.call('GET', '/v1/audit-log');
    expect(JSON.stringify(audit.body)).toContain('purchase.payment_failed');
  });

  it('without a card on file nothing is bought (409 payment_method_required)', async () => {
    const tenant = await termSignUp();
    const refused = await buy(tenant);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'payment_method_required' });
    expect(await seats(tenant)).toEqual({ user: 5 });
    // The preview still prices it.
    const preview = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes?preview=true`,
      { op: 'add', seats: { user: 5 } },
    );
    expect(preview.body).toMatchObject({
      preview: true,
      chargedNow: 30000,
      collection: 'charge_automatically',
      paidWith: null,
    });
  });

  it('a purchase interrupted after the card was charged is refunded by the next billing run', async () => {
    const tenant = await termSignUp();
    const card = await addCard(tenant, '4242424242424242');
    const { rows } = await sql<{ gateway_method: string }>`
      select gateway_method from payment_methods where id = ${String(card.body['id'])}`.execute(
      service.store.db,
    );
    // What a crash leaves: the intent committed, the card charged, the purchase not recorded.
    const key = `seatledger-pi_crash_${tenant.orgId}`;
    await sql`
      insert into purchase_intents (org_id, id, subscription_id, payment_method_id, proposal,
        amount, currency, idempotency_key, status, actor, created_at)
      values (${tenant.orgId}, ${`pi_crash_${tenant.orgId}`}, ${tenant.subscriptionIds[0] ?? ''},
        ${String(card.body['id'])}, '{}', 30000, 'USD', ${key}, 'pending', 'test',
        now() - interval '5 minutes')`.execute(service.store.db);
    await testGatewayOf(service.context).charge({
      customer: `cus_test_${tenant.orgId}`,
      method: rows[0]?.gateway_method ?? '',
      amount: 30000n,
      currency: 'USD',
      idempotencyKey: key,
      description: 'before the crash',
    });
    await billDue(service.context, null);
    const intent = await sql<{ status: string }>`
      select status from purchase_intents where idempotency_key = ${key}`.execute(service.store.db);
    expect(intent.rows).toEqual([{ status: 'refunded' }]);
    const refunded = await sql<{ refunded: boolean }>`
      select refunded_at is not null as refunded from test_gateway_charges
      where idempotency_key = ${key}`.execute(service.store.db);
    expect(refunded.rows).toEqual([{ refunded: true }]);
    expect(await seats(tenant)).toEqual({ user: 5 });
  });
});

describe('invoices charged to the card are collected, and retried (dunning)', () => {
  const termSignUp = () =>
    signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
  const advance = (tenant: Tenant, to: string) =>
    tenant.call('POST', '/v1/test-clock/advance', { to });
  const subscription = async (tenant: Tenant) =>
    (await tenant.call('GET', `/v1/subscriptions/${tenant.subscriptionIds[0]}`)).body;

  it('charges the card on file when the invoice is issued', async () => {
    const tenant = await termSignUp();
    await addCard(tenant, '4242424242424242');
    await advance(tenant, '2026-01-01T01:00:00Z');
    const invoice = await firstInvoice(tenant);
    expect(invoice).toMatchObject({ status: 'paid', amountDue: 0 });
    expect(await subscription(tenant)).toMatchObject({ pastDue: false, purchasesBlocked: false });
  });

  it('retries on days 1, 3, 5 and 7; then blocks purchases until paid', async () => {
    const tenant = await termSignUp();
    await addCard(tenant, '4000000000000341');
    await advance(tenant, '2026-01-02T12:00:00Z');
    let invoice = await firstInvoice(tenant);
    expect(invoice).toMatchObject({ status: 'open' });
    expect(await subscription(tenant)).toMatchObject({ pastDue: true, purchasesBlocked: false });
    const tried = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}/payments`);
    // At issue and on day 1.
    expect(tried.body['data']).toHaveLength(2);
    await advance(tenant, '2026-01-09T00:00:00Z');
    const all = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}/payments`);
    expect((all.body['data'] as { status: string }[]).map((p) => p.status)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    expect(await subscription(tenant)).toMatchObject({ pastDue: true, purchasesBlocked: true });
    const blocked = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`,
      { op: 'add', seats: { user: 5 } },
    );
    expect(blocked.status).toBe(402);
    expect(blocked.body).toMatchObject({ code: 'purchases_blocked' });
    // A working card, made the default, pays it; purchases open again.
    await addTestCard(tenant, '4242424242424242');
    const cards = (await tenant.call('GET', '/v1/payment-methods')).body['data'] as {
      id: string;
      last4: string;
    }[];
    const good = cards.find((card) => card.last4 === '4242');
    await tenant.call('PATCH', `/v1/payment-methods/${good?.id ?? ''}`, { makeDefault: true });
    const paid = await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    expect(paid.body).toMatchObject({ status: 'succeeded' });
    invoice = await firstInvoice(tenant);
    expect(invoice).toMatchObject({ status: 'paid' });
    expect(await subscription(tenant)).toMatchObject({ pastDue: false, purchasesBlocked: false });
  });
});

describe('an invoice as a PDF (10)', () => {
  it('names the vendor, the customer and clinic, every line with its period, the totals, paid and due', async () => {
    const tenant = await signUp(service.app, {
      name: 'Alpine Physio',
      plan: 'clinic-requests',
      seats: undefined,
      locations: [{ name: 'Main clinic', seats: { therapist: 2 } }],
    });
    await addCard(tenant, '4242424242424242');
    const invoice = await firstInvoice(tenant);
    await tenant.call('POST', `/v1/invoices/${String(invoice['id'])}/pay`);
    for (const [url, headers] of [
      [`/v1/invoices/${String(invoice['id'])}.pdf`, {}],
      [`/v1/invoices/${String(invoice['id'])}`, { accept: 'application/pdf' }],
    ] as const) {
      const response = await service.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${tenant.apiKey}`, ...headers },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(response.rawPayload);
      expect(text).toContain('Seatledger');
      expect(text).toContain('Alpine Physio');
      expect(text).toContain('Main clinic');
      expect(text).toContain(`Invoice ${String(invoice['number'])}`);
      expect(text).toContain('2 x therapist');
      expect(text).toContain('Amount due');
      expect(text).toContain('Status: paid');
      expect(text).toContain('visa ending 4242');
    }
    const payments = await tenant.call('GET', `/v1/invoices/${String(invoice['id'])}/payments`);
    const payment = (payments.body['data'] as { id: string }[])[0];
    const receipt = await service.app.inject({
      method: 'GET',
      url: `/v1/payments/${payment?.id ?? ''}.pdf`,
      headers: { authorization: `Bearer ${tenant.apiKey}` },
    });
    expect(receipt.headers['content-type']).toBe('application/pdf');
    const receiptText = await pdfText(receipt.rawPayload);
    expect(receiptText).toContain('Receipt');
    expect(receiptText).toContain('Alpine Physio');
    expect(receiptText).toContain('visa ending 4242');
    expect(receiptText).toContain(`For invoice ${String(invoice['number'])}`);
    const other = await signUp(service.app);
    const strangerReceipt = await service.app.inject({
      method: 'GET',
      url: `/v1/payments/${payment?.id ?? ''}.pdf`,
      headers: { authorization: `Bearer ${other.apiKey}` },
    });
    expect(strangerReceipt.statusCode).toBe(404);
    const stranger = await service.app.inject({
      method: 'GET',
      url: `/v1/invoices/${String(invoice['id'])}.pdf`,
      headers: { authorization: `Bearer ${other.apiKey}` },
    });
    expect(stranger.statusCode).toBe(404);
  });
});

describe('a gateway that cannot be reached', () => {
  it('leaves card invoices due for the next run; billing goes on', async () => {
    const { TestGateway } = await import('../../src/payments/test-gateway.js');
    let reachable = false;
    const broken = await startService(undefined, {
      name: 'test',
      createCustomer: (input) => testGatewayOf(broken.context).createCustomer(input),
      attachCard: (input) => testGatewayOf(broken.context).attachCard(input),
      charge: (request) => {
        if (!reachable) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:443'));
        return new TestGateway(broken.store.db, () => new Date()).charge(request);
      },
      findCharge: (key) => testGatewayOf(broken.context).findCharge(key),
      refund: (reference) => testGatewayOf(broken.context).refund(reference),
    });
    try {
      const tenant = await signUp(broken.app, {
        plan: 'annual-term-blocks',
        seats: { user: 5 },
        testClock: { startsAt: '2026-01-01T00:00:00Z' },
      });
      await addTestCard(tenant);
      await expect(billDue(broken.context, null)).resolves.toMatchObject({ failed: [] });
      const invoices = await tenant.call('GET', '/v1/invoices');
      const invoice = (invoices.body['data'] as Record<string, unknown>[])[0];
      expect(invoice).toMatchObject({ status: 'open' });
      const attempts = await sql<{ attempts: number; next: boolean }>`
        select attempts, next_attempt_at is not null as next from invoices
        where id = ${String(invoice?.['id'])}`.execute(broken.store.db);
      expect(attempts.rows).toEqual([{ attempts: 0, next: true }]);
      // Reachable again: the next run collects it.
      reachable = true;
      await billDue(broken.context, null);
      const after = await tenant.call('GET', `/v1/invoices/${String(invoice?.['id'])}`);
      expect(after.body).toMatchObject({ status: 'paid' });
    } finally {
      await broken.close();
    }
  });
});

describe('the vendor closes an invoice without payment', () => {
  it('voids an open invoice or marks it uncollectible; customers may not; collection stops', async () => {
    const operator = await operatorCaller(service);
    const tenant = await signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const invoice = await firstInvoice(tenant);
    const url = `/v1/invoices/${String(invoice['id'])}`;
    const customer = await tenant.call('POST', `${url}/void`, { reason: 'issued in error' });
    expect(customer.status).toBe(403);
    const acting = { 'seatledger-organization': tenant.orgId };
    const noReason = await operator('POST', `${url}/void`, {}, acting);
    expect(noReason.body).toMatchObject({ code: 'validation_failed', field: 'reason' });
    const voided = await operator('POST', `${url}/void`, { reason: 'issued in error' }, acting);
    expect(voided.body).toMatchObject({ status: 'void' });
    const after = await tenant.call('GET', url);
    expect(after.body).toMatchObject({ status: 'void', amountDue: 0, total: invoice['total'] });
    const again = await operator('POST', `${url}/mark-uncollectible`, { reason: 'x' }, acting);
    expect(again.body).toMatchObject({ code: 'invoice_not_open' });
    await addCard(tenant, '4242424242424242');
    const pay = await tenant.call('POST', `${url}/pay`);
    expect(pay.body).toMatchObject({ code: 'invoice_not_open' });
    await billDue(service.context, null);
    expect(await gatewayCharges(tenant)).toEqual([]);
    const audit = await tenant.call('GET', '/v1/audit-log?action=invoice.voided');
    expect((audit.body['data'] as { actor: string }[])[0]?.actor).toMatch(/^operator:opk_/);
  });
});
