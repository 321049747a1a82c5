import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes } from '../../src/http/server.js';
import {
  operatorCaller,
  signUp,
  startService,
  type Tenant,
  type TestService,
} from '../support/service.js';

let service: TestService;
let mine: Tenant;
let theirs: Tenant;
const ids: Record<string, string> = {};

beforeAll(async () => {
  service = await startService();
  mine = await signUp(service.app);
  theirs = await signUp(service.app);
  const staff = await theirs.call('POST', '/v1/staff', {
    name: 'Their Staff',
    email: `their-${theirs.orgId}@example.test`,
  });
  await theirs.call('POST', `/v1/staff/${(staff.body as { id: string }).id}/licences`, {
    licenceType: 'provider',
  });
  const key = await theirs.call('POST', '/v1/api-keys', {
    name: 'Theirs',
    scopes: ['staff:manage'],
  });
  const invoices = await theirs.call('GET', '/v1/invoices');
  const token = await theirs.call('POST', '/v1/test-gateway/tokens', {
    number: '4242424242424242',
    expMonth: 12,
    expYear: 2030,
    cvc: '123',
  });
  const card = await theirs.call('POST', '/v1/payment-methods', { token: token.body['token'] });
  ids['subscriptionId'] = theirs.subscriptionIds[0] ?? '';
  ids['staffId'] = (staff.body as { id: string }).id;
  ids['keyId'] = key.body['id'] as string;
  ids['invoiceId'] = (invoices.body['data'] as { id: string }[])[0]?.id ?? '';
  ids['licenceType'] = 'provider';
  ids['paymentMethodId'] = card.body['id'] as string;
  const paid = await theirs.call('POST', `/v1/invoices/${ids['invoiceId']}/pay`);
  ids['paymentId'] = paid.body['id'] as string;
  const operator = await operatorCaller(service);
  const note = await operator(
    'POST',
    `/v1/invoices/${ids['invoiceId']}/credit-notes`,
    { amount: 100, reason: 'duplicate', refundTo: 'card' },
    { 'seatledger-organization': theirs.orgId },
  );
  ids['creditNoteId'] = note.body['id'] as string;
  ids['refundId'] = (note.body['refunds'] as { id: string }[])[0]?.id ?? '';
});
afterAll(() => service.close());

const routes = apiRoutes({ store: undefined as never, clock: () => new Date() });

describe('tenant isolation', () => {
  // Operator routes belong to no organisation: an organisation's credential gets 403 there.
  // Exports take a file name, not an id: each is of the caller's own organisation.
  const withParams = routes.filter(
    (route) =>
      route.auth === true &&
      !route.operator &&
      route.url.includes(':') &&
      !route.url.startsWith('/v1/exports/'),
  );

  it.each(withParams.map((route) => [route.method, route.url, route] as const))(
    "%s %s with another organisation's ids answers 404",
    async (method, url) => {
      const path = url.replace(/:(\w+)/g, (_match, name: string) => ids[name] ?? 'missing');
      const body = method === 'GET' || method === 'DELETE' ? undefined : validBodyFor(url);
      const response = await mine.call(method, path, body);
      expect(response.status).toBe(404);
      expect(response.body['code']).toBe('not_found');
    },
  );

  it("lists never show another organisation's records", async () => {
    for (const url of [
      '/v1/staff',
      '/v1/invoices',
      '/v1/audit-log',
      '/v1/subscriptions',
      '/v1/api-keys',
    ]) {
      const response = await mine.call('GET', url);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(theirs.orgId);
      for (const id of Object.values(ids)) if (id !== 'provider') expect(text).not.toContain(id);
    }
    const check = await mine.call('GET', '/v1/health-check');
    expect(JSON.stringify(check.body)).not.toContain(theirs.subscriptionIds[0]);
  });
});

/** A body the route accepts, so that only the ids decide the answer. */
function validBodyFor(url: string): unknown {
  if (url.endsWith('/licence-changes')) return { op: 'add', seats: { provider: 1 } };
  if (url.endsWith('/renewal')) return {};
  if (url.endsWith('/cancellation')) return { effective: '2030-01-01' };
  if (url.endsWith('/permissions')) return { permissions: [] };
  if (url.endsWith('/licences')) return { licenceType: 'provider' };
  if (url.includes('/licences/')) return { active: true };
  if (url.endsWith('/departure')) return { removeLicences: false };
  if (url.startsWith('/v1/staff/')) return { name: 'Renamed' };
  if (url.startsWith('/v1/payment-methods/')) return { makeDefault: true };
  if (url.endsWith('/void') || url.endsWith('/mark-uncollectible')) return { reason: 'test' };
  if (url.includes('/credit-notes')) return { amount: 100, reason: 'duplicate', refundTo: 'card' };
  return {};
}

describe('fuzzed request bodies', () => {
  const withBodies = routes.filter((route) => route.body && route.auth);
  const json = fc.jsonValue({ maxDepth: 3 });

  it.each(withBodies.map((route) => [route.method, route.url, route] as const))(
    '%s %s: an invalid body gets a 4xx problem and changes nothing',
    async (method, url, route) => {
      const schema = route.body as z.ZodType;
      const keys = Object.keys(
        (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: object })
          .properties ?? {},
      );
      const near = fc.dictionary(fc.constantFrom(...(keys.length ? keys : ['x']), 'extra'), json, {
        maxKeys: 4,
      });
      const path = url.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'subscriptionId'
          ? (mine.subscriptionIds[0] ?? '')
          : name === 'staffId'
            ? mine.ownerId
            : name === 'licenceType'
              ? 'provider'
              : 'x',
      );
      const before = await changeCount(mine);
      await fc.assert(
        fc.asyncProperty(fc.oneof(json, near), async (body) => {
          fc.pre(!schema.safeParse(body).success);
          const response = await mine.call(method, path, body);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(typeof response.body['code']).toBe('string');
        }),
        { numRuns: 40 },
      );
      expect(await changeCount(mine)).toBe(before);
    },
  );
});

async function changeCount(tenant: Tenant): Promise<number> {
  const db = service.store.db;
  const [audit, events, staff] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select(db.fn.countAll<string>().as('n'))
      .where('org_id', '=', tenant.orgId)
      .executeTakeFirst(),
    db
      .selectFrom('subscription_events')
      .select(db.fn.countAll<string>().as('n'))
      .where('org_id', '=', tenant.orgId)
      .executeTakeFirst(),
    db
      .selectFrom('staff')
      .select(db.fn.countAll<string>().as('n'))
      .where('org_id', '=', tenant.orgId)
      .executeTakeFirst(),
  ]);
  return Number(audit?.n) * 1_000_000 + Number(events?.n) * 1000 + Number(staff?.n);
}
