import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billDue } from '../../src/app/billing/bill-due.js';
import {
  addTestCard,
  signUp,
  startService,
  type Tenant,
  type TestService,
} from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

const physio = (overrides: Record<string, unknown> = {}) =>
  signUp(service.app, {
    plan: 'prorated-monthly',
    seats: { practitioner: 4 },
    testClock: { startsAt: '2026-05-01T00:00:00Z' },
    ...overrides,
  });

async function invoices(tenant: Tenant) {
  const response = await tenant.call('GET', '/v1/invoices?limit=200');
  return (
    response.body['data'] as {
      issuedAt: string;
      subtotal: number;
      lines: { kind: string; amount: number; eventId: string | null }[];
    }[]
  ).reverse();
}

async function auditCount(tenant: Tenant) {
  const response = await tenant.call('GET', '/v1/audit-log?limit=200');
  return (response.body['data'] as unknown[]).length;
}

describe('licence changes through the engine', () => {
  it('a preview quotes and writes nothing; the change then bills exactly the quote (000)', async () => {
    const tenant = await physio();
    const [subscriptionId] = tenant.subscriptionIds;
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-05-15T10:00:00Z' });
    const before = await auditCount(tenant);
    const preview = await tenant.call(
      'POST',
      `/v1/subscriptions/${subscriptionId}/licence-changes?preview=true`,
      {
        op: 'add',
        seats: { practitioner: 1 },
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: true,
      outcome: 'applied',
      effective: '2026-05-15T00:00:00Z',
      chargedNow: 0,
      onNextInvoice: 2687,
      credited: 0,
    });
    expect(await auditCount(tenant)).toBe(before);
    const subscription = await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`);
    expect((subscription.body['pools'] as { purchased: number }[])[0]?.purchased).toBe(4);

    const applied = await tenant.call(
      'POST',
      `/v1/subscriptions/${subscriptionId}/licence-changes`,
      {
        op: 'add',
        seats: { practitioner: 1 },
      },
    );
    expect(applied.body).toMatchObject({ preview: false, outcome: 'applied', onNextInvoice: 2687 });
    const upcoming = await tenant.call(
      'GET',
      `/v1/subscriptions/${subscriptionId}/upcoming-invoice`,
    );
    expect(upcoming.body['invoice']).toMatchObject({
      issuedAt: '2026-06-01T00:00:00Z',
      subtotal: 24500 + 2687,
    });
    // Recorded a millisecond after the instant the clock was billed to, and still seen now.
    expect(upcoming.body['pendingLines']).toMatchObject([{ kind: 'proration', amount: 2687 }]);
    const view = await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`);
    expect((view.body['pools'] as { purchased: number }[])[0]?.purchased).toBe(5);

    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-06-01T00:00:00Z' });
    const issued = await invoices(tenant);
    expect(issued.map((invoice) => invoice.subtotal)).toEqual([19600, 27187]);
    const proration = issued[1]?.lines.find((line) => line.kind === 'proration');
    expect(proration?.eventId).toBe(applied.body['eventId']);
  });

  it('a removal needs a reason, and an explanation where the plan asks (002)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 3, assistant: 18 } }],
      testClock: { startsAt: '2026-08-01T00:00:00Z' },
    });
    const url = `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`;
    const noReason = await tenant.call('POST', url, { op: 'remove', seats: { assistant: 17 } });
    expect(noReason.body).toMatchObject({ code: 'reason_required', field: 'reason' });
    const noExplanation = await tenant.call('POST', url, {
      op: 'remove',
      seats: { assistant: 17 },
      reason: 'unused',
    });
    expect(noExplanation.body).toMatchObject({
      code: 'explanation_required',
      field: 'explanation',
    });
    const badReason = await tenant.call('POST', url, {
      op: 'remove',
      seats: { assistant: 17 },
      reason: 'because',
    });
    expect(badReason.body).toMatchObject({ code: 'validation_failed', field: 'reason' });
    const done = await tenant.call('POST', url, {
      op: 'remove',
      seats: { assistant: 17 },
      reason: 'unused',
      explanation: 'Licence share ended; 17 of 18 assistant licences unused',
    });
    expect(done.body).toMatchObject({
      outcome: 'scheduled',
      effective: '2026-09-01T00:00:00Z',
      credited: 0,
    });
    const queued = await service.store.db
      .selectFrom('messages')
      .selectAll()
      .where('org_id', '=', tenant.orgId)
      .where('kind', '=', 'licence_change')
      .execute();
    // To the person who made it and the billing contact: here the owner, both.
    expect(queued).toHaveLength(1);
    expect(done.body['confirmationSentTo']).toEqual([queued[0]?.recipient_email]);
    expect(queued[0]?.subject).toContain('scheduled');
    expect(queued[0]?.text_body).toContain('Reason: unused');
    expect(queued[0]?.text_body).not.toMatch(/minor units/);
  });

  it('a scheduled removal can be taken back: the licences are kept, told and audited', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 3, assistant: 18 } }],
      testClock: { startsAt: '2026-08-01T00:00:00Z' },
    });
    const subscription = `/v1/subscriptions/${tenant.subscriptionIds[0]}`;
    const url = `${subscription}/licence-changes`;
    await tenant.call('POST', url, {
      op: 'remove',
      seats: { assistant: 6 },
      reason: 'unused',
      explanation: 'Two assistants left',
    });
    const before = await tenant.call('GET', subscription);
    expect(before.body['scheduled']).toEqual([
      expect.objectContaining({ licenceType: 'assistant', quantity: 6 }),
    ]);
    const tooMany = await tenant.call('POST', url, { op: 'withdraw', seats: { assistant: 7 } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'nothing_scheduled', field: 'seats' });
    const none = await tenant.call('POST', url, { op: 'withdraw', seats: { therapist: 1 } });
    expect(none.body).toMatchObject({ code: 'nothing_scheduled' });
    const preview = await tenant.call('POST', `${url}?preview=true`, {
      op: 'withdraw',
      seats: { assistant: 4 },
    });
    expect(preview.body).toMatchObject({ preview: true, outcome: 'applied', chargedNow: 0 });
    // No reason is asked for keeping licences.
    const done = await tenant.call('POST', url, { op: 'withdraw', seats: { assistant: 4 } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ outcome: 'applied', chargedNow: 0, credited: 0 });
    const after = await tenant.call('GET', subscription);
    expect(after.body['scheduled']).toEqual([
      expect.objectContaining({ licenceType: 'assistant', quantity: 2 }),
    ]);
    const messages = await service.store.db
      .selectFrom('messages')
      .select(['subject'])
      .where('org_id', '=', tenant.orgId)
      .where('kind', '=', 'licence_change')
      .orderBy('created_at')
      .execute();
    expect(messages.at(-1)?.subject).toBe(
      'Licence change confirmed: removal cancelled, kept 4 assistant',
    );
    const audit = await service.store.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('org_id', '=', tenant.orgId)
      .where('action', '=', 'licences.changed')
      .execute();
    expect(audit.map((entry) => entry.after)).toContainEqual(
      expect.objectContaining({ op: 'withdraw', seats: { assistant: 4 } }),
    );
  });

  it('refuses to remove licences still assigned, saying how many to release first', async () => {
    const tenant = await physio({ seats: { practitioner: 2 } });
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Sam Seat',
      email: `sam-${tenant.orgId}@example.test`,
    });
    await tenant.call('POST', `/v1/staff/${(staff.body as { id: string }).id}/licences`, {
      licenceType: 'practitioner',
    });
    const response = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`,
      {
        op: 'set',
        seats: { practitioner: 0 },
        reason: 'cost',
      },
    );
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'licences_in_use',
      field: 'seats.practitioner',
      releaseFirst: 1,
    });
  });

  it('business rules come back with their stable codes and change nothing (004)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 10 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const url = `/v1/subscriptions/${tenant.subscriptionIds[0]}/licence-changes`;
    const odd = await tenant.call('POST', url, { op: 'add', seats: { user: 3 } });
    expect(odd.status).toBe(422);
    expect(odd.body).toMatchObject({ code: 'block_size', field: 'seats' });
    const removal = await tenant.call('POST', url, {
      op: 'remove',
      seats: { user: 5 },
      reason: 'cost',
    });
    expect(removal.body).toMatchObject({ code: 'decrease_not_allowed' });
    const preview = await tenant.call('POST', `${url}?preview=true`, {
      op: 'add',
      seats: { user: 3 },
    });
    expect(preview.body).toMatchObject({
      preview: true,
      outcome: 'rejected',
      rejection: { code: 'block_size' },
    });

    // Paid for at once by card (004).
    await addTestCard(tenant);
    const bought = await tenant.call('POST', url, { op: 'add', seats: { user: 5 } });
    expect(bought.body).toMatchObject({ outcome: 'applied', chargedNow: 30000 });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-10T00:00:00Z' });
    const inWindow = await tenant.call('POST', url, { op: 'add', seats: { user: 5 } });
    expect(inWindow.body).toMatchObject({ code: 'renewal_window' });
    const subscription = await tenant.call('GET', `/v1/subscriptions/${tenant.subscriptionIds[0]}`);
    expect(subscription.body['term']).toMatchObject({
      renewalWindowOpen: true,
      renewed: false,
      endsAt: '2027-01-01T00:00:00Z',
    });

    const renewal = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0]}/renewal`,
      { seats: { user: 20 } },
    );
    expect(renewal.body).toMatchObject({
      outcome: 'applied',
      chargedNow: 120000,
      effective: '2027-01-01T00:00:00Z',
    });
    const afterRenewal = await tenant.call('POST', url, { op: 'add', seats: { user: 5 } });
    expect(afterRenewal.body).toMatchObject({ outcome: 'applied', chargedNow: 30000 });
    expect((await invoices(tenant)).map((invoice) => invoice.subtotal)).toEqual([
      60000, 30000, 120000, 30000,
    ]);
  });

  it('invoice pending charges now (000)', async () => {
    const tenant = await physio();
    const [subscriptionId] = tenant.subscriptionIds;
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-05-15T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${subscriptionId}/licence-changes`, {
      op: 'add',
      seats: { practitioner: 1 },
    });
    const now = await tenant.call('POST', `/v1/subscriptions/${subscriptionId}/invoice-now`);
    expect(now.body).toMatchObject({ outcome: 'applied' });
    expect((await invoices(tenant)).map((invoice) => invoice.subtotal)).toEqual([19600, 2687]);
    const upcoming = await tenant.call(
      'GET',
      `/v1/subscriptions/${subscriptionId}/upcoming-invoice`,
    );
    expect(upcoming.body).toMatchObject({ pendingLines: [], invoice: { subtotal: 24500 } });
  });

  it('cancellation credits the rest of the period on a final invoice', async () => {
    const tenant = await physio();
    const [subscriptionId] = tenant.subscriptionIds;
    const preview = await tenant.call(
      'POST',
      `/v1/subscriptions/${subscriptionId}/cancellation?preview=true`,
      {
        effective: '2026-05-20',
      },
    );
    expect(preview.body).toMatchObject({ outcome: 'scheduled', effective: '2026-05-20T00:00:00Z' });
    const past = await tenant.call('POST', `/v1/subscriptions/${subscriptionId}/cancellation`, {
      effective: '2026-04-01',
    });
    expect(past.body).toMatchObject({ code: 'validation_failed', field: 'effective' });
    await tenant.call('POST', `/v1/subscriptions/${subscriptionId}/cancellation`, {
      effective: '2026-05-20',
      reason: 'closing',
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-07-01T00:00:00Z' });
    // 12 of 31 days of 4 practitioners credited.
    expect((await invoices(tenant)).map((invoice) => invoice.subtotal)).toEqual([19600, -7587]);
    const subscription = await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`);
    expect(subscription.body).toMatchObject({ status: 'ended', creditBalance: 7587 });
  });
});

describe('billing runs and test clocks', () => {
  it('a billing run issues what fell due once; a second run issues nothing', async () => {
    const tenant = await physio();
    await service.store.db
      .updateTable('organizations')
      .set({ test_clock_at: new Date('2026-08-01T00:00:00Z') })
      .where('id', '=', tenant.orgId)
      .execute();
    const first = await billDue(service.context, null, tenant.orgId);
    expect(first).toEqual({ subscriptions: 1, invoicesIssued: 3, failed: [] });
    const second = await billDue(service.context, null, tenant.orgId);
    // Nothing is due any more: the rerun visits no subscription at all.
    expect(second).toEqual({ subscriptions: 0, invoicesIssued: 0, failed: [] });
    expect((await invoices(tenant)).map((invoice) => invoice.issuedAt)).toEqual([
      '2026-05-01T00:00:00.000Z',
      '2026-06-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
      '2026-08-01T00:00:00.000Z',
    ]);
  });

  it('--until stops a run early', async () => {
    const tenant = await physio();
    await service.store.db
      .updateTable('organizations')
      .set({ test_clock_at: new Date('2026-09-01T00:00:00Z') })
      .where('id', '=', tenant.orgId)
      .execute();
    expect(
      await billDue(service.context, new Date('2026-06-15T00:00:00Z'), tenant.orgId),
    ).toMatchObject({ invoicesIssued: 1 });
  });

  it('a test clock only moves forward, and only on a test-clock organisation', async () => {
    const tenant = await physio();
    const back = await tenant.call('POST', '/v1/test-clock/advance', {
      to: '2026-04-01T00:00:00Z',
    });
    expect(back.body).toMatchObject({ code: 'validation_failed', field: 'to' });
    const advanced = await tenant.call('POST', '/v1/test-clock/advance', {
      to: '2026-07-01T00:00:00Z',
    });
    expect(advanced.body).toMatchObject({ from: '2026-05-01T00:00:00.000Z', invoicesIssued: 2 });
    const real = await signUp(service.app, { testClock: undefined });
    const refused = await real.call('POST', '/v1/test-clock/advance', {
      to: '2030-01-01T00:00:00Z',
    });
    expect(refused.body).toMatchObject({ code: 'test_clock_required' });
  });
});

describe('health check (002)', () => {
  it('lists unused licences per clinic and type with their cost and the removal deadline', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 2, assistant: 18, clerical: 3 } }],
      testClock: { startsAt: '2026-08-01T00:00:00Z' },
    });
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Ivy Inactive',
      email: `ivy-${tenant.orgId}@example.test`,
    });
    const id = (staff.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, { licenceType: 'assistant' });
    const inactive = await tenant.call('PATCH', `/v1/staff/${id}`, { status: 'inactive' });
    // Inactive: the licence is back in the pool, unused and still billed (001 step 3, 002).
    expect(inactive.body['licences']).toEqual([]);
    const check = await tenant.call('GET', '/v1/health-check');
    expect(check.body).toMatchObject({
      unusedCostPerPeriod: 2 * 10000 + 18 * 5000,
      subscriptions: [
        {
          locationName: 'Downtown',
          nextBillingAt: '2026-09-01T00:00:00Z',
          removalDeadline: { until: '2026-08-31T00:00:00Z' },
          deadlinePassed: false,
          unused: [
            {
              licenceType: 'therapist',
              purchased: 2,
              assigned: 0,
              unused: 2,
              proposedRemoval: 2,
              costPerPeriod: 20000,
            },
            {
              licenceType: 'assistant',
              purchased: 18,
              assigned: 0,
              unused: 18,
              costPerPeriod: 90000,
            },
          ],
          inactiveHolders: [],
        },
      ],
    });
  });
});
