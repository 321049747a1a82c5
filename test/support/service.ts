import pg from 'pg';
import { expect } from 'vitest';
import type { PaymentGateway } from '../../src/payments/gateway.js';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createOperatorKey } from '../../src/app/access/operator-keys.js';
import type { AppContext } from '../../src/app/context.js';
import { buildServer } from '../../src/http/server.js';
import { openStore, type Store } from '../../src/store/open-database.js';

export interface TestService {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly store: Store;
  close(): Promise<void>;
}

/** The PostgreSQL named by DATABASE_URL; CI sets REQUIRE_POSTGRES=1 so that a missing one fails. */
export const postgresUrl = process.env['DATABASE_URL'];
export const postgresRequired = process.env['REQUIRE_POSTGRES'] === '1';
if (postgresRequired && !postgresUrl) {
  throw new Error(
    'REQUIRE_POSTGRES=1 but DATABASE_URL is not set: the PostgreSQL suites cannot run',
  );
}

/** The API on an in-memory PGlite (or the given PostgreSQL), with a wall clock the test can move. */
export async function startService(
  databaseUrl?: string,
  gateway?: PaymentGateway,
): Promise<TestService> {
  const store = await openStore({ databaseUrl, dataDir: 'memory://' });
  const context: AppContext = { store, clock: () => new Date(), ...(gateway ? { gateway } : {}) };
  // Suites sign up many organisations from one address: rate limits have their own suite.
  const app = await buildServer(context, { rateLimits: null });
  return {
    app,
    context,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export interface Response {
  readonly status: number;
  readonly body: Record<string, unknown> & { code?: string; field?: string | null };
  readonly headers: Record<string, unknown>;
}

export type Call = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** Calls to the API with a bearer key (or none). */
export function caller(app: FastifyInstance, key: string | null): Call {
  return async (method, url, body, headers = {}) => {
    const options: InjectOptions = {
      method,
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    };
    if (body !== undefined) options.payload = body as Exclude<InjectOptions['payload'], undefined>;
    const response = await app.inject(options);
    const text = response.body;
    return {
      status: response.statusCode,
      body: (text ? JSON.parse(text) : {}) as Response['body'],
      headers: response.headers as Record<string, unknown>,
    };
  };
}

let counter = 0;

export interface Tenant {
  readonly orgId: string;
  readonly ownerId: string;
  readonly apiKey: string;
  readonly subscriptionIds: readonly string[];
  readonly email: string;
  readonly password: string;
  readonly call: Call;
}

/** A new organisation on a test clock, signed up through the API. */
export async function signUp(
  app: FastifyInstance,
  overrides: Record<string, unknown> = {},
): Promise<Tenant> {
  counter += 1;
  const email = `owner-${process.pid}-${Date.now()}-${counter}@example.test`;
  const password = 'correct-horse-battery';
  const response = await caller(app, null)('POST', '/v1/organizations', {
    name: `Clinic group ${counter}`,
    timeZone: 'UTC',
    plan: 'per-provider',
    seats: { provider: 3, admin: 1 },
    locations: [{ name: 'Main clinic' }],
    owner: { name: 'Olivia Owner', email, password },
    testClock: { startsAt: '2026-03-01T00:00:00Z' },
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(response.body)}`);
  const body = response.body as unknown as {
    organizationId: string;
    ownerId: string;
    apiKey: string;
    subscriptionIds: string[];
  };
  return {
    orgId: body.organizationId,
    ownerId: body.ownerId,
    apiKey: body.apiKey,
    subscriptionIds: body.subscriptionIds,
    email,
    password,
    call: caller(app, body.apiKey),
  };
}

/** Tokenise a test card as the console does and keep it on file (the default when first). */
export async function addTestCard(tenant: Tenant, number = '4242424242424242') {
  const token = await tenant.call('POST', '/v1/test-gateway/tokens', {
    number,
    expMonth: 12,
    expYear: 2030,
    cvc: '123',
  });
  if (token.status !== 201) throw new Error(`tokenisation failed: ${JSON.stringify(token.body)}`);
  return tenant.call('POST', '/v1/payment-methods', { token: token.body['token'] });
}

/** Calls with a new operator key: the vendor's catalog and back office. */
export async function operatorCaller(service: TestService): Promise<Call> {
  const { key } = await createOperatorKey(service.store.db, 'Test operator', new Date());
  return caller(service.app, key);
}

/** Calls as a staff member signed in with email and password (a session cookie). */
export async function sessionCaller(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<Call> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { email, password },
  });
  const cookie = response.cookies.find((c) => c.name === 'sl_session');
  if (!cookie) throw new Error(`sign-in failed: ${response.body}`);
  return async (method, url, body, headers = {}) => {
    const options: InjectOptions = {
      method,
      url,
      // As a browser on the console's own page sends it.
      headers: { origin: 'http://localhost', ...headers },
      cookies: { sl_session: cookie.value },
    };
    if (body !== undefined) options.payload = body as Exclude<InjectOptions['payload'], undefined>;
    const reply = await app.inject(options);
    return {
      status: reply.statusCode,
      body: (reply.body ? JSON.parse(reply.body) : {}) as Response['body'],
      headers: reply.headers as Record<string, unknown>,
    };
  };
}

/**
 * A new, empty database on the PostgreSQL server of DATABASE_URL, for a suite that must not
 * share the common test database (billing runs over every subscription, a migration on data).
 */
export async function freshPostgresDatabase(
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const target = new URL(postgresUrl ?? '');
  target.pathname = `/${name}`;
  return {
    url: target.href,
    drop: async () => {
      await admin.query(`drop database ${name}`);
      await admin.end();
    },
  };
}

/** The password of the members `signedInMember` makes. */
export const MEMBER_PASSWORD = 'member-password-1';

/**
 * A staff member of the tenant with these permissions (and this licence switched on, if
 * named), signed in with a session: e-mail `<name>-<orgId>@example.test`.
 */
export async function signedInMember(
  app: FastifyInstance,
  tenant: Tenant,
  name: string,
  permissions: string[],
  licence?: string,
): Promise<{ id: string; email: string; call: Call }> {
  const email = `${name}-${tenant.orgId}@example.test`;
  const created = await tenant.call('POST', '/v1/staff', {
    name,
    email,
    password: MEMBER_PASSWORD,
  });
  const id = (created.body as { id: string }).id;
  if (licence) {
    await tenant.call('POST', `/v1/staff/${id}/licences`, { licenceType: licence, active: true });
  }
  const granted = await tenant.call('PUT', `/v1/staff/${id}/permissions`, { permissions });
  expect(granted.status).toBe(200);
  return { id, email, call: await sessionCaller(app, email, MEMBER_PASSWORD) };
}
