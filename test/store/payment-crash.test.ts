import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { billDue } from '../../src/app/billing/bill-due.js';
import { buildServer } from '../../src/http/server.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import {
  addTestCard,
  caller,
  freshPostgresDatabase,
  postgresUrl,
  signUp,
} from '../support/service.js';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'src');

/**
 * A process that asks the gateway to charge and is killed (SIGKILL) the moment the gateway
 * has charged, before it writes what came of it: the worst place to die. Run as a child
 * process on the built code, against PostgreSQL.
 */
function payAndDie(url: string, orgId: string, invoiceId: string) {
  return dieAfterCharge(
    url,
    orgId,
    `const { payInvoice } = await import(${JSON.stringify(`file://${dist}/app/payments/pay-invoice.js`)});
await payInvoice(context, actor, ${JSON.stringify(invoiceId)});`,
  );
}

/** Buy a block on a term plan (004), killed the moment the card is charged. */
function buyAndDie(url: string, orgId: string, subscriptionId: string) {
  return dieAfterCharge(
    url,
    orgId,
    `const { changeLicences } = await import(${JSON.stringify(`file://${dist}/app/subscriptions/change-licences.js`)});
await changeLicences(context, actor, ${JSON.stringify(subscriptionId)}, { op: 'add', seats: { user: 5 } }, false);`,
  );
}

function dieAfterCharge(url: string, orgId: string, work: string) {
  const code = `
const { openStore } = await import(${JSON.stringify(`file://${dist}/store/open-database.js`)});
const { TestGateway } = await import(${JSON.stringify(`file://${dist}/payments/test-gateway.js`)});
const store = await openStore({ databaseUrl: ${JSON.stringify(url)} });
class DyingGateway extends TestGateway {
  async charge(request) {
    const outcome = await super.charge(request);
    process.kill(process.pid, 'SIGKILL');
    return outcome;
  }
}
const context = { store, clock: () => new Date(), gateway: new DyingGateway(store.db, () => new Date()) };
const actor = { orgId: ${JSON.stringify(orgId)}, kind: 'system', id: 'crash', scopes: new Set(['billing:manage', 'licences:manage']) };
${work}
console.log('survived');`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
}

describe.skipIf(!postgresUrl)('a payment process killed between the charge and its record', () => {
  const name = `payment_crash_${process.pid}`;
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;
  let context: AppContext;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(name));
    store = await openStore({ databaseUrl: url });
    context = { store, clock: () => new Date() };
  }, 60_000);

  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('kill -9 after the gateway charged: the invoice ends paid, charged once', async () => {
    const app = await buildServer(context, { rateLimits: null });
    try {
      const tenant = await signUp(app);
      await addTestCard(tenant);
      const invoices = await tenant.call('GET', '/v1/invoices');
      const invoice = (invoices.body['data'] as { id: string; total: number }[])[0];
      const invoiceId = invoice?.id ?? '';
      const child = payAndDie(url, tenant.orgId, invoiceId);
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).not.toContain('survived');
      // What the crash left: the attempt pending, the card charged.
      const left = await sql<{ status: string }>`
        select status from payments where invoice_id = ${invoiceId}`.execute(store.db);
      expect(left.rows).toEqual([{ status: 'pending' }]);
      // Paying again settles the attempt from the gateway's record of its key: no second charge.
      const again = await caller(app, tenant.apiKey)('POST', `/v1/invoices/${invoiceId}/pay`);
      expect(again.body).toMatchObject({ code: 'invoice_not_open' });
      const after = await tenant.call('GET', `/v1/invoices/${invoiceId}`);
      expect(after.body).toMatchObject({ status: 'paid', amountPaid: invoice?.total });
      const charges = await sql<{ n: string }>`
        select count(*) as n from test_gateway_charges c
        join test_gateway_methods m on m.id = c.method
        where m.customer = ${`cus_test_${tenant.orgId}`}`.execute(store.db);
      expect(Number(charges.rows[0]?.n)).toBe(1);
      // And a billing run has nothing left to settle or collect for it.
      await billDue(context, null);
      const payments = await tenant.call('GET', `/v1/invoices/${invoiceId}/payments`);
      expect(payments.body['data']).toMatchObject([{ status: 'succeeded' }]);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('kill -9 after a purchase was charged: nothing added, and the next billing run refunds it', async () => {
    const app = await buildServer(context, { rateLimits: null });
    try {
      const tenant = await signUp(app, {
        plan: 'annual-term-blocks',
        seats: { user: 5 },
        testClock: { startsAt: '2026-01-01T00:00:00Z' },
      });
      await addTestCard(tenant);
      const subscriptionId = tenant.subscriptionIds[0] ?? '';
      const child = buyAndDie(url, tenant.orgId, subscriptionId);
      expect(child.signal).toBe('SIGKILL');
      const pools = async () =>
        (
          (await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`)).body['pools'] as {
            purchased: number;
          }[]
        )[0]?.purchased;
      expect(await pools()).toBe(5);
      // A run a few minutes later (intents are left a minute to their own process).
      const later = new Date(Date.now() + 5 * 60_000);
      await billDue({ store, clock: () => later }, null);
      const intent = await sql<{ status: string }>`
        select status from purchase_intents where subscription_id = ${subscriptionId}`.execute(
        store.db,
      );
      expect(intent.rows).toEqual([{ status: 'refunded' }]);
      const charge = await sql<{ refunded: boolean }>`
        select c.refunded_at is not null as refunded from test_gateway_charges c
        join purchase_intents i on i.idempotency_key = c.idempotency_key
        where i.subscription_id = ${subscriptionId}`.execute(store.db);
      expect(charge.rows).toEqual([{ refunded: true }]);
      expect(await pools()).toBe(5);
    } finally {
      await app.close();
    }
  }, 60_000);
});
