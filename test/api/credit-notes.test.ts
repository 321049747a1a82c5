import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billDue } from '../../src/app/billing/bill-due.js';
import { testGatewayOf } from '../../src/app/payments/payment-gateway.js';
import { pdfText } from '../support/pdf-text.js';
import {
  addTestCard,
  operatorCaller,
  signUp,
  startService,
  type Call,
  type Tenant,
  type TestService,
} from '../support/service.js';

let service: TestService;
let operator: Call;
beforeAll(async () => {
  service = await startService();
  operator = await operatorCaller(service);
});
afterAll(() => service.close());

type Body = Record<string, unknown>;

async function firstInvoice(tenant: Tenant): Promise<Body> {
  const invoices = await tenant.call('GET', '/v1/invoices');
  const invoice = (invoices.body['data'] as Body[]).at(-1);
  if (!invoice) throw new Error('no invoice');
  return invoice;
}

/** A tenant whose first invoice is paid by card; that invoice. */
async function paidTenant(): Promise<{ tenant: Tenant; invoice: Body; url: string }> {
  const tenant = await signUp(service.app);
  await addTestCard(tenant);
  const open = await firstInvoice(tenant);
  const url = `/v1/invoices/${String(open['id'])}`;
  expect((await tenant.call('POST', `${url}/pay`)).status).toBe(200);
  return { tenant, invoice: (await tenant.call('GET', url)).body, url };
}

const acting = (tenant: Tenant) => ({ 'seatledger-organization': tenant.orgId });

async function gatewayRefunds(): Promise<{ amount: bigint; status: string }[]> {
  const { rows } = await sql<{ amount: bigint; status: string }>`
    select amount, status from test_gateway_refunds order by created_at`.execute(service.store.db);
  return rows;
}

describe('credit notes correct an issued invoice; its amounts never change (10)', () => {
  it('on an open invoice: off what is due; the last of it settles the invoice', async () => {
    const tenant = await signUp(service.app);
    const invoice = await firstInvoice(tenant);
    const total = Number(invoice['total']);
    const url = `/v1/invoices/${String(invoice['id'])}`;
    const preview = await operator(
      'POST',
      `${url}/credit-notes/preview`,
      { amount: 1000, reason: 'billing_error' },
      acting(tenant),
    );
    expect(preview.body).toMatchObject({
      prePaymentAmount: 1000,
      refundAmount: 0,
      balanceAmount: 0,
      invoiceAmountDueAfter: total - 1000,
      invoiceStatusAfter: 'open',
    });
    expect((await tenant.call('GET', `${url}/credit-notes`)).body['data']).toEqual([]);
    const first = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: 1000, reason: 'billing_error', memo: 'one licence counted twice' },
      acting(tenant),
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      number: `${String(invoice['number'])}-CN1`,
      amount: 1000,
      prePaymentAmount: 1000,
      refunds: [],
    });
    const after = await tenant.call('GET', url);
    expect(after.body).toMatchObject({
      status: 'open',
      total,
      amountCredited: 1000,
      amountDue: total - 1000,
    });
    // Paying now charges what is left, not the total.
    await addTestCard(tenant);
    const paid = await tenant.call('POST', `${url}/pay`);
    expect(paid.body).toMatchObject({ status: 'succeeded', amount: total - 1000 });
    expect((await tenant.call('GET', url)).body).toMatchObject({ status: 'paid', amountDue: 0 });

    const other = await signUp(service.app);
    const otherInvoice = await firstInvoice(other);
    const otherUrl = `/v1/invoices/${String(otherInvoice['id'])}`;
    const whole = await operator(
      'POST',
      `${otherUrl}/credit-notes`,
      { amount: Number(otherInvoice['total']), reason: 'duplicate' },
      acting(other),
    );
    expect(whole.status).toBe(201);
    expect((await other.call('GET', otherUrl)).body).toMatchObject({
      status: 'paid',
      amountPaid: 0,
      amountDue: 0,
      amountCredited: otherInvoice['total'],
    });
  });

  it('refuses what cannot be, naming the field, and changes nothing', async () => {
    const { tenant, invoice, url } = await paidTenant();
    const total = Number(invoice['total']);
    const cases: [Body, number, string, string][] = [
      [
        { amount: total + 1, reason: 'duplicate', refundTo: 'card' },
        422,
        'credit_exceeds_invoice',
        'amount',
      ],
      [{ amount: 100, reason: 'duplicate' }, 400, 'validation_failed', 'refundTo'],
      [{ amount: 0, reason: 'duplicate', refundTo: 'card' }, 400, 'validation_failed', 'amount'],
      [{ amount: 100, reason: 'mistake', refundTo: 'card' }, 400, 'validation_failed', 'reason'],
      [
        { amount: 100, reason: 'duplicate', refundTo: 'cash' },
        400,
        'validation_failed',
        'refundTo',
      ],
      [{ amount: 1.5, reason: 'duplicate', refundTo: 'card' }, 400, 'validation_failed', 'amount'],
    ];
    for (const [body, status, code, field] of cases) {
      const refused = await operator('POST', `${url}/credit-notes`, body, acting(tenant));
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.body).toMatchObject({ code, field });
    }
    // Customers may read credit notes, never issue them.
    const customer = await tenant.call('POST', `${url}/credit-notes`, {
      amount: 100,
      reason: 'duplicate',
      refundTo: 'card',
    });
    expect(customer.status).toBe(403);
    expect((await tenant.call('GET', `${url}/credit-notes`)).body['data']).toEqual([]);
    expect((await tenant.call('GET', url)).body).toMatchObject({ amountCredited: 0 });
    // Another organisation's invoice is not found.
    const stranger = await signUp(service.app);
    const hidden = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: 100, reason: 'duplicate', refundTo: 'card' },
      acting(stranger),
    );
    expect(hidden.status).toBe(404);
  });

  it('on a paid invoice: refunded to the card in parts, never beyond what was paid', async () => {
    const { tenant, invoice, url } = await paidTenant();
    const total = Number(invoice['total']);
    const before = (await gatewayRefunds()).length;
    const part = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: 2500, reason: 'product_unsatisfactory', refundTo: 'card' },
      acting(tenant),
    );
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({
      prePaymentAmount: 0,
      refundAmount: 2500,
      refunds: [{ amount: 2500, status: 'succeeded' }],
    });
    const over = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: total - 2500 + 1, reason: 'duplicate', refundTo: 'card' },
      acting(tenant),
    );
    expect(over.body).toMatchObject({ code: 'credit_exceeds_invoice', field: 'amount' });
    const rest = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: total - 2500, reason: 'duplicate', refundTo: 'card' },
      acting(tenant),
    );
    expect(rest.body).toMatchObject({ number: `${String(invoice['number'])}-CN2` });
    const refunds = (await gatewayRefunds()).slice(before);
    expect(refunds.map((r) => [Number(r.amount), r.status])).toEqual([
      [2500, 'succeeded'],
      [total - 2500, 'succeeded'],
    ]);
    expect((await tenant.call('GET', url)).body).toMatchObject({
      status: 'paid',
      total,
      amountPaid: total,
      amountCredited: total,
      amountDue: 0,
    });
    const audit = await tenant.call('GET', '/v1/audit-log?action=credit_note.issued');
    expect(audit.body['data']).toHaveLength(2);
    const pdf = await service.app.inject({
      method: 'GET',
      url: `/v1/credit-notes/${String(part.body['id'])}.pdf`,
      headers: { authorization: `Bearer ${tenant.apiKey}` },
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(`Credit note ${String(invoice['number'])}-CN1`);
    expect(text).toContain('Refunded to the card: 25.00 USD');
    expect(text).toContain('product unsatisfactory');
  });

  it('to the credit balance: the next invoice is paid with it, as the engine applies credit', async () => {
    const { tenant, url } = await paidTenant();
    const note = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: 4000, reason: 'order_change', refundTo: 'balance' },
      acting(tenant),
    );
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ balanceAmount: 4000, refunds: [] });
    expect(note.body['creditEventId']).toMatch(/^evt_/);
    const [subscriptionId] = tenant.subscriptionIds;
    const upcoming = await tenant.call('GET', `/v1/subscriptions/${subscriptionId ?? ''}`);
    expect(JSON.stringify(upcoming.body)).toContain('"creditBalance":4000');
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-04-01T00:00:00Z' });
    const invoices = (await tenant.call('GET', '/v1/invoices')).body['data'] as Body[];
    expect(invoices[0]).toMatchObject({ creditApplied: 4000 });
    expect(Number(invoices[0]?.['total'])).toBe(Number(invoices[0]?.['subtotal']) - 4000);
  });

  it('a refund the gateway refuses is kept as refused, and the operator may try it again once', async () => {
    const { tenant, invoice, url } = await paidTenant();
    const total = Number(invoice['total']);
    const payments = (await tenant.call('GET', `${url}/payments`)).body['data'] as Body[];
    const charge = await sql<{ id: string }>`
      select gateway_reference as id from payments
      where id = ${String(payments[0]?.['id'])}`.execute(service.store.db);
    const chargeId = charge.rows[0]?.id ?? '';
    // Refunded outside Seatledger meanwhile: the gateway has nothing left to give back.
    await testGatewayOf(service.context).refund({
      reference: chargeId,
      amount: null,
      idempotencyKey: `outside-${chargeId}`,
    });
    const note = await operator(
      'POST',
      `${url}/credit-notes`,
      { amount: total, reason: 'duplicate', refundTo: 'card' },
      acting(tenant),
    );
    expect(note.status).toBe(201);
    const refund = (note.body['refunds'] as Body[])[0];
    expect(refund).toMatchObject({ status: 'failed', failureCode: 'charge_already_refunded' });
    await sql`delete from test_gateway_refunds where idempotency_key = ${`outside-${chargeId}`}`.execute(
      service.store.db,
    );
    const retried = await operator(
      'POST',
      `/v1/refunds/${String(refund?.['id'])}/retry`,
      undefined,
      acting(tenant),
    );
    expect(retried.status).toBe(200);
    const again = await operator(
      'POST',
      `/v1/refunds/${String(refund?.['id'])}/retry`,
      undefined,
      acting(tenant),
    );
    expect(again.body).toMatchObject({ code: 'refund_not_retryable' });
    const listed = (await tenant.call('GET', `${url}/credit-notes`)).body['data'] as Body[];
    expect((listed[0]?.['refunds'] as Body[]).map((r) => r['status'])).toEqual([
      'failed',
      'succeeded',
    ]);
  });

  it('a refund left pending (the gateway away) is sent by the next billing run, once', async () => {
    const { tenant, invoice, url } = await paidTenant();
    const gateway = testGatewayOf(service.context);
    const original = gateway.refund.bind(gateway);
    gateway.refund = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:443'));
    try {
      const note = await operator(
        'POST',
        `${url}/credit-notes`,
        { amount: 700, reason: 'duplicate', refundTo: 'card' },
        acting(tenant),
      );
      expect(note.body).toMatchObject({ refunds: [{ status: 'pending', amount: 700 }] });
    } finally {
      gateway.refund = original;
    }
    // Later than the reconcile delay: the billing run asks again with the same key.
    const later = { ...service.context, clock: () => new Date(Date.now() + 120_000) };
    await billDue(later, null);
    await billDue(later, null);
    const listed = (await tenant.call('GET', `${url}/credit-notes`)).body['data'] as Body[];
    expect(listed[0]?.['refunds']).toMatchObject([{ status: 'succeeded', amount: 700 }]);
    const given = await sql<{ n: string }>`
      select count(*) as n from test_gateway_refunds r
      join refunds o on o.idempotency_key = r.idempotency_key
      join credit_notes c on c.id = o.credit_note_id
      where c.invoice_id = ${String(invoice['id'])}`.execute(service.store.db);
    expect(Number(given.rows[0]?.n)).toBe(1);
  });
});
