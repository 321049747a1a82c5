import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCaller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe('reference data', () => {
  it('lists the built-in plans and the permission table (003)', async () => {
    const tenant = await signUp(service.app);
    const plans = await tenant.call('GET', '/v1/plans');
    const onSale = plans.body as unknown as { id: string; definition: unknown }[];
    expect(onSale.map((plan) => plan.id)).toEqual([
      'prorated-monthly',
      'clinic-requests',
      'per-provider',
      'annual-term-blocks',
    ]);
    expect(onSale[3]).toMatchObject({
      versionId: 'plv_annual-term-blocks_v1',
      definition: { blockSize: 5, term: { intervals: 1, renewalWindowDays: 30 } },
    });
    const permissions = await tenant.call('GET', '/v1/permissions');
    const table = permissions.body as unknown as {
      key: string;
      group: string;
      needs: string | null;
    }[];
    expect(table.find((p) => p.key === 'clinical_documentation')).toMatchObject({
      group: 'Clinical',
      needs: 'provider',
    });
    expect(table.find((p) => p.key === 'scheduling')).toMatchObject({ needs: null });
  });
});

describe('invoices, staff and the audit log', () => {
  it('an invoice line names the fact that caused it; the audit log filters', async () => {
    const tenant = await signUp(service.app, {
      plan: 'per-provider',
      seats: { provider: 1, admin: 0 },
      testClock: { startsAt: '2026-03-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-03-16T12:00:00Z' });
    const change = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`,
      {
        op: 'add',
        seats: { provider: 1 },
      },
    );
    expect(change.body).toMatchObject({
      chargedNow: 3097,
      invoices: [expect.objectContaining({ total: 3097 })],
    });
    const [invoiceId] = (change.body['invoices'] as { id: string }[]).map((invoice) => invoice.id);
    const invoice = await tenant.call('GET', `/v1/invoices/${invoiceId}`);
    expect(invoice.body).toMatchObject({
      number: 2,
      // The clock was just billed to 12:00 with no invoice issued then: the change is at 12:00.
      issuedAt: '2026-03-16T12:00:00.000Z',
      total: 3097,
      lines: [{ kind: 'proration', quantity: 1, eventId: change.body['eventId'] }],
    });
    const staff = await tenant.call('GET', `/v1/staff/${tenant.ownerId}`);
    expect(staff.body).toMatchObject({
      isOwner: true,
      licences: [{ licenceType: 'provider', active: true }],
    });
    const changes = await tenant.call('GET', '/v1/audit-log?action=licences.');
    expect(changes.body['data']).toEqual([
      expect.objectContaining({
        action: 'licences.changed',
        subject: tenant.subscriptionIds[0],
        actor: expect.stringMatching(/^api_key:key_/),
      }),
    ]);
    const bySubject = await tenant.call('GET', `/v1/audit-log?subject=${tenant.orgId}`);
    expect((bySubject.body['data'] as { action: string }[]).map((entry) => entry.action)).toEqual([
      'test_clock.advanced',
      'organization.created',
    ]);
  });
});

describe('the remaining rule codes through HTTP', () => {
  it('renewal_not_open, cancellation_pending and subscription_ended', async () => {
    const tenant = await signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const id = tenant.subscriptionIds[0] ?? '';
    const early = await tenant.call('POST', `/v1/subscriptions/${id}/renewal`, {});
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'renewal_not_open' });
    await tenant.call('POST', `/v1/subscriptions/${id}/cancellation`, { effective: '2026-06-01' });
    const again = await tenant.call('POST', `/v1/subscriptions/${id}/cancellation`, {
      effective: '2026-07-01',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'cancellation_pending' });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-06-02T00:00:00Z' });
    const ended = await tenant.call('POST', `/v1/subscriptions/${id}/licence-changes`, {
      op: 'add',
      seats: { user: 5 },
    });
    expect(ended.status).toBe(409);
    expect(ended.body).toMatchObject({ code: 'subscription_ended' });
  });

  it('unknown_licence_type after a renewal onto a plan without that type', async () => {
    const tenant = await signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const id = tenant.subscriptionIds[0] ?? '';
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-15T00:00:00Z' });
    const seatPlan = {
      currency: 'USD',
      interval: 'year',
      licenceTypes: { seat: { unitAmount: 5000 } },
      term: { intervals: 1 },
    };
    const operator = await operatorCaller(service);
    await operator('POST', '/v1/operator/plans', {
      id: `seats-${tenant.orgId.slice(-6)}`,
      name: 'Seats',
      definition: seatPlan,
    });
    await operator('POST', `/v1/operator/plans/seats-${tenant.orgId.slice(-6)}/versions/1/publish`);
    const ownPlan = await tenant.call('POST', `/v1/subscriptions/${id}/renewal`, {
      plan: { ...seatPlan, unitAmount: 0 },
    });
    expect(ownPlan.body).toMatchObject({ code: 'plan_not_offered', field: 'plan' });
    const renewal = await tenant.call('POST', `/v1/subscriptions/${id}/renewal`, {
      plan: `seats-${tenant.orgId.slice(-6)}`,
      seats: { seat: 5 },
      licenceMapping: { user: 'seat' },
    });
    expect(renewal.body).toMatchObject({ outcome: 'applied', chargedNow: 25000 });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2027-01-02T00:00:00Z' });
    const gone = await tenant.call('POST', `/v1/subscriptions/${id}/licence-changes`, {
      op: 'add',
      seats: { user: 1 },
    });
    expect(gone.status).toBe(422);
    expect(gone.body).toMatchObject({ code: 'unknown_licence_type' });
    const nurse = await tenant.call('POST', `/v1/subscriptions/${id}/licence-changes`, {
      op: 'add',
      seats: { nurse: 1 },
    });
    expect(nurse.body).toMatchObject({ code: 'validation_failed', field: 'seats.nurse' });
  });

  it('idempotency_key_in_progress while the first request runs; a dead claim expires', async () => {
    const tenant = await signUp(service.app);
    const me = await tenant.call('GET', '/v1/me');
    const body = { name: 'Slow', email: `slow-${tenant.orgId}@example.test` };
    // The first request has claimed the key and not finished: its row has no response yet.
    const claim = async (key: string, at: Date) =>
      service.store.db
        .insertInto('idempotency_keys')
        .values({
          org_id: tenant.orgId,
          caller: `api_key:${String(me.body['id'])}`,
          key,
          method: 'POST',
          path: '/v1/staff',
          body_hash: (await import('node:crypto'))
            .createHash('sha256')
            .update(`POST /v1/staff\n${JSON.stringify(body)}`)
            .digest('hex'),
          status_code: null,
          response: null,
          response_text: null,
          created_at: at,
        })
        .execute();
    await claim('running', new Date());
    const response = await tenant.call('POST', '/v1/staff', body, { 'idempotency-key': 'running' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'idempotency_key_in_progress' });
    // A claim left by a request killed before it committed: after its lease, a retry runs.
    await claim('killed', new Date(Date.now() - 120_000));
    const retry = await tenant.call('POST', '/v1/staff', body, { 'idempotency-key': 'killed' });
    expect(retry.status).toBe(201);
  });
});

describe('locations', () => {
  it('a new clinic on a per-clinic plan gets its own subscription', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 1 } }],
    });
    const created = await tenant.call('POST', '/v1/locations', {
      name: 'Harbour',
      seats: { therapist: 2, assistant: 1 },
    });
    expect(created.status).toBe(201);
    const subscriptions = await tenant.call('GET', '/v1/subscriptions');
    const list = subscriptions.body as unknown as {
      locationId: string;
      pools: { licenceType: string; purchased: number }[];
    }[];
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.locationId === created.body['id'])?.pools[0]).toMatchObject({
      licenceType: 'therapist',
      purchased: 2,
    });
    const wrong = await tenant.call('POST', '/v1/locations', { name: 'Odd', seats: { nurse: 1 } });
    expect(wrong.body).toMatchObject({ code: 'validation_failed', field: 'seats.nurse' });
  });
});
