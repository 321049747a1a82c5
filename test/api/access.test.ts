import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

async function signIn(email: string, password: string) {
  const response = await service.app.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { email, password },
  });
  const cookie = response.cookies.find((c) => c.name === 'sl_session');
  return {
    status: response.statusCode,
    cookie,
    body: JSON.parse(response.body) as Record<string, unknown>,
  };
}

function withCookie(value: string) {
  return async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const response = await service.app.inject({
      method,
      url,
      headers: { origin: 'http://localhost' },
      cookies: { sl_session: value },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: response.statusCode,
      body: (response.body ? JSON.parse(response.body) : {}) as Record<string, unknown>,
    };
  };
}

describe('sessions', () => {
  it('signs in with email and password into an HTTP-only cookie; signs out', async () => {
    const tenant = await signUp(service.app);
    const wrong = await signIn(tenant.email, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
    const session = await signIn(tenant.email.toUpperCase(), tenant.password);
    expect(session.status).toBe(201);
    expect(session.cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const call = withCookie(session.cookie?.value ?? '');
    const me = await call('GET', '/v1/me');
    expect(me.body).toMatchObject({ kind: 'staff', id: tenant.ownerId, staff: { isOwner: true } });
    expect(me.body['scopes']).toEqual([
      'licences:manage',
      'staff:manage',
      'billing:manage',
      'billing:read',
      'staff:read',
      'audit:read',
    ]);
    expect((await call('DELETE', '/v1/sessions/current')).status).toBe(204);
    expect((await call('GET', '/v1/me')).body).toMatchObject({ code: 'unauthorized' });
  });

  it('a staff session may do what its permissions allow', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 3, admin: 2 } });
    const created = await tenant.call('POST', '/v1/staff', {
      name: 'Riley Reception',
      email: `riley-${tenant.orgId}@example.test`,
      password: 'reception-password',
      permissions: ['scheduling'],
    });
    const id = (created.body as { id: string }).id;
    const session = await signIn(`riley-${tenant.orgId}@example.test`, 'reception-password');
    const call = withCookie(session.cookie?.value ?? '');
    const staff = await call('GET', '/v1/staff');
    expect(staff.status).toBe(200);
    // The front desk sees names, its own e-mail, and no one else's (003 read table).
    const rows = staff.body['data'] as { id: string; email: string | null }[];
    expect(rows.find((row) => row.id === id)?.email).toBe(`riley-${tenant.orgId}@example.test`);
    expect(rows.find((row) => row.id === tenant.ownerId)?.email).toBeNull();
    for (const url of ['/v1/invoices', '/v1/subscriptions', '/v1/health-check', '/v1/audit-log']) {
      expect((await call('GET', url)).status, url).toBe(403);
    }
    const forbidden = await call('POST', `/v1/staff/${id}/licences`, { licenceType: 'admin' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'forbidden', scope: 'licences:manage' });
  });

  it('a permission change signs the user out, after a confirmation when they are signed in (003)', async () => {
    const tenant = await signUp(service.app);
    const created = await tenant.call('POST', '/v1/staff', {
      name: 'Jo Biller',
      email: `jo-${tenant.orgId}@example.test`,
      password: 'billing-password',
      permissions: ['billing'],
    });
    const id = (created.body as { id: string }).id;
    const session = await signIn(`jo-${tenant.orgId}@example.test`, 'billing-password');
    const asJo = withCookie(session.cookie?.value ?? '');
    expect((await asJo('GET', '/v1/me')).status).toBe(200);
    const unconfirmed = await tenant.call('PUT', `/v1/staff/${id}/permissions`, {
      permissions: ['billing', 'scheduling'],
    });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body).toMatchObject({
      code: 'logout_confirmation_required',
      field: 'confirmLogout',
      sessions: 1,
    });
    const confirmed = await tenant.call('PUT', `/v1/staff/${id}/permissions`, {
      permissions: ['billing', 'scheduling'],
      confirmLogout: true,
    });
    expect(confirmed.body).toMatchObject({
      permissions: ['billing', 'scheduling'],
      sessionsEnded: 1,
    });
    expect((await asJo('GET', '/v1/me')).status).toBe(401);
    const unknown = await tenant.call('PUT', `/v1/staff/${id}/permissions`, {
      permissions: ['billing', 'fly'],
    });
    expect(unknown.body).toMatchObject({ code: 'validation_failed', field: 'permissions[1]' });
  });

  it('an inactive staff member cannot sign in; their licence goes back to the pool, still billed (001)', async () => {
    const tenant = await signUp(service.app);
    const created = await tenant.call('POST', '/v1/staff', {
      name: 'Ina Active',
      email: `ina-${tenant.orgId}@example.test`,
      password: 'inactive-password',
    });
    const id = (created.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, { licenceType: 'provider' });
    const inactive = await tenant.call('PATCH', `/v1/staff/${id}`, { status: 'inactive' });
    expect(inactive.body).toMatchObject({ status: 'inactive', licences: [] });
    const subscription = await tenant.call('GET', `/v1/subscriptions/${tenant.subscriptionIds[0]}`);
    // Purchased 3, the owner's one assigned: the returned licence is available, still billed.
    expect(
      (subscription.body['pools'] as { purchased: number; available: number }[])[0],
    ).toMatchObject({
      purchased: 3,
      available: 2,
    });
    const audit = await tenant.call('GET', `/v1/audit-log?action=licence.released&subject=${id}`);
    expect((audit.body['data'] as { reason: string }[])[0]?.reason).toContain('back in the pool');
    // The same answer as a wrong password: nothing says the password was right (no oracle).
    const inactiveSignIn = await signIn(`ina-${tenant.orgId}@example.test`, 'inactive-password');
    expect(inactiveSignIn.status).toBe(401);
    expect(inactiveSignIn.body).toMatchObject({ code: 'invalid_credentials' });
    const owner = await tenant.call('PATCH', `/v1/staff/${tenant.ownerId}`, { status: 'inactive' });
    expect(owner.body).toMatchObject({ code: 'conflict', field: 'status' });
  });
});

describe('staff listing', () => {
  it('searches, filters and pages with a cursor', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 3, admin: 3 } });
    for (const name of ['Ann Able', 'Ben Baker', 'Cat Carter', 'Dan Dunn']) {
      const created = await tenant.call('POST', '/v1/staff', {
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}-${tenant.orgId}@example.test`,
      });
      if (name === 'Ben Baker') {
        await tenant.call('POST', `/v1/staff/${(created.body as { id: string }).id}/licences`, {
          licenceType: 'admin',
        });
      }
    }
    const first = await tenant.call('GET', '/v1/staff?limit=2');
    expect((first.body['data'] as { name: string }[]).map((s) => s.name)).toEqual([
      'Olivia Owner',
      'Ann Able',
    ]);
    const second = await tenant.call(
      'GET',
      `/v1/staff?limit=2&cursor=${String(first.body['nextCursor'])}`,
    );
    expect((second.body['data'] as { name: string }[]).map((s) => s.name)).toEqual([
      'Ben Baker',
      'Cat Carter',
    ]);
    const last = await tenant.call(
      'GET',
      `/v1/staff?limit=2&cursor=${String(second.body['nextCursor'])}`,
    );
    expect(last.body['nextCursor']).toBeNull();
    const search = await tenant.call('GET', '/v1/staff?search=CART');
    expect((search.body['data'] as { name: string }[]).map((s) => s.name)).toEqual(['Cat Carter']);
    const admins = await tenant.call('GET', '/v1/staff?licenceType=admin');
    expect((admins.body['data'] as { name: string }[]).map((s) => s.name)).toEqual(['Ben Baker']);
    const badLimit = await tenant.call('GET', '/v1/staff?limit=5000');
    expect(badLimit.body).toMatchObject({ code: 'validation_failed', field: 'limit' });
  });
});

describe('API keys and scopes', () => {
  it('creates scoped keys stored hashed, and revokes them', async () => {
    const tenant = await signUp(service.app);
    const created = await tenant.call('POST', '/v1/api-keys', {
      name: 'Staff sync',
      scopes: ['staff:manage'],
    });
    expect(created.status).toBe(201);
    const key = created.body['key'] as string;
    const stored = await service.store.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', created.body['id'] as string)
      .executeTakeFirst();
    expect(stored?.key_hash).not.toContain(key);
    const limited = caller(service.app, key);
    const staff = await limited('POST', '/v1/staff', {
      name: 'Via Key',
      email: `via-${tenant.orgId}@example.test`,
    });
    expect(staff.status).toBe(201);
    const change = await limited(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`,
      {
        op: 'add',
        seats: { provider: 1 },
      },
    );
    expect(change.body).toMatchObject({ code: 'forbidden', scope: 'licences:manage' });
    expect((await tenant.call('DELETE', `/v1/api-keys/${String(created.body['id'])}`)).status).toBe(
      204,
    );
    expect((await limited('GET', '/v1/staff')).body).toMatchObject({ code: 'unauthorized' });
    const listed = await tenant.call('GET', '/v1/api-keys');
    expect(
      (listed.body as unknown as { revokedAt: string | null }[]).filter((k) => k.revokedAt),
    ).toHaveLength(1);
  });

  it('refuses requests without credentials, or with a malformed or unknown key', async () => {
    const anonymous = caller(service.app, null);
    expect((await anonymous('GET', '/v1/staff')).body).toMatchObject({ code: 'unauthorized' });
    const malformed = await anonymous('GET', '/v1/staff', undefined, {
      authorization: 'Token abc',
    });
    expect(malformed.body).toMatchObject({ code: 'unauthorized', field: 'Authorization' });
    expect((await caller(service.app, 'sk_nope')('GET', '/v1/staff')).status).toBe(401);
  });
});

describe('idempotency keys', () => {
  it('replays the same request, refuses another body with the same key', async () => {
    const tenant = await signUp(service.app);
    const body = { name: 'Idem Potent', email: `idem-${tenant.orgId}@example.test` };
    const first = await tenant.call('POST', '/v1/staff', body, { 'idempotency-key': 'abc-1' });
    const again = await tenant.call('POST', '/v1/staff', body, { 'idempotency-key': 'abc-1' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const listed = await tenant.call('GET', '/v1/staff?search=potent');
    expect(listed.body['data']).toHaveLength(1);
    const other = await tenant.call(
      'POST',
      '/v1/staff',
      { ...body, name: 'Other' },
      { 'idempotency-key': 'abc-1' },
    );
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
    // Keys belong to their organisation.
    const stranger = await signUp(service.app);
    const theirs = await stranger.call(
      'POST',
      '/v1/staff',
      { ...body, email: `idem2-${stranger.orgId}@example.test` },
      { 'idempotency-key': 'abc-1' },
    );
    expect(theirs.status).toBe(201);
  });

  it('replays a refusal too, without running the request again', async () => {
    const tenant = await signUp(service.app);
    const url = `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`;
    const body = { op: 'remove', seats: { provider: 9 }, reason: 'cost' };
    const first = await tenant.call('POST', url, body, { 'idempotency-key': 'remove-9' });
    const again = await tenant.call('POST', url, body, { 'idempotency-key': 'remove-9' });
    expect(first.body).toMatchObject({ code: 'below_zero' });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
  });
});

describe('the HTTP surface', () => {
  it('publishes OpenAPI 3.1, a reference page and a health check', async () => {
    const anonymous = caller(service.app, null);
    const document = await anonymous('GET', '/openapi.json');
    expect(document.body).toMatchObject({ openapi: '3.1.0' });
    const paths = document.body['paths'] as Record<string, Record<string, { operationId: string }>>;
    expect(Object.keys(paths)).toContain('/v1/subscriptions/{subscriptionId}/licence-changes');
    const ids = Object.values(paths).flatMap((operations) =>
      Object.values(operations).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const docs = await service.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain('/v1/staff/{staffId}/licences');
    expect((await anonymous('GET', '/healthz')).body).toEqual({ status: 'ok', database: 'pglite' });
  });

  it('answers unknown routes, bad JSON and unknown fields with problem+json naming the field', async () => {
    const tenant = await signUp(service.app);
    const missing = await tenant.call('GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'not_found',
      type: 'https://seatledger.dev/problems/not_found',
    });
    const badJson = await service.app.inject({
      method: 'POST',
      url: '/v1/staff',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toContain('application/problem+json');
    const extra = await tenant.call('POST', '/v1/staff', {
      name: 'X',
      email: 'x@example.test',
      role: 'boss',
    });
    expect(extra.body).toMatchObject({ code: 'validation_failed', field: 'role' });
    const email = await tenant.call('POST', '/v1/staff', { name: 'X', email: 'not-an-email' });
    expect(email.body).toMatchObject({ code: 'validation_failed', field: 'email' });
  });
});
