import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCaller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe('idempotency keys belong to their caller', () => {
  it('never replays one caller’s answer to another, nor keeps a secret', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 3 } });
    const body = { name: 'Ops key', scopes: ['staff:manage'] };
    const headers = { 'idempotency-key': 'same-key' };
    const first = await tenant.call('POST', '/v1/api-keys', body, headers);
    expect(first.status).toBe(201);
    const secret = first.body['key'] as string;
    expect(secret).toMatch(/^sk_/);

    // A member without the right is refused before any replay.
    const email = `front-${tenant.orgId}@example.test`;
    await tenant.call('POST', '/v1/staff', { name: 'Front', email, password: 'front-password-1' });
    const front = await sessionCaller(service.app, email, 'front-password-1');
    const refused = await front('POST', '/v1/api-keys', body, headers);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(secret);

    // The same caller gets the answer again, without the secret it was shown once.
    const replay = await tenant.call('POST', '/v1/api-keys', body, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toMatchObject({ id: first.body['id'], key: null });
    const kept = await sql<{ text: string }>`
      select response_text as text from idempotency_keys where key = 'same-key'`.execute(
      service.store.db,
    );
    for (const row of kept.rows) expect(row.text).not.toContain(secret);
  });

  it('replays the exact bytes of the first answer', async () => {
    const tenant = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 4 },
      testClock: { startsAt: '2026-05-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-05-15T00:00:00Z' });
    const send = () =>
      service.app.inject({
        method: 'POST',
        url: `/v1/subscriptions/${tenant.subscriptionIds[0] ?? ''}/licence-changes`,
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'idempotency-key': 'exact' },
        payload: { op: 'add', seats: { practitioner: 1 } },
      });
    const first = await send();
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    // Applied once.
    const subscription = await tenant.call(
      'GET',
      `/v1/subscriptions/${tenant.subscriptionIds[0] ?? ''}`,
    );
    expect((subscription.body['pools'] as { purchased: number }[])[0]?.purchased).toBe(5);
  });

  it('keeps the answer in the same transaction as the change', async () => {
    const tenant = await signUp(service.app);
    const created = await tenant.call(
      'POST',
      '/v1/staff',
      { name: 'Kept', email: `kept-${tenant.orgId}@example.test` },
      { 'idempotency-key': 'kept' },
    );
    const row = await sql<{ status: number; text: string }>`
      select status_code as status, response_text as text from idempotency_keys
      where org_id = ${tenant.orgId} and key = 'kept'`.execute(service.store.db);
    expect(row.rows[0]?.status).toBe(201);
    expect(JSON.parse(row.rows[0]?.text ?? '{}')).toMatchObject({ id: created.body['id'] });
  });
});
