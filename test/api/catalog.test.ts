import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTestCard,
  caller,
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

let planCounter = 0;
/** A plan published by the operator, with a unique id; returns its id. */
async function publish(definition: Record<string, unknown>, name = 'Test plan'): Promise<string> {
  planCounter += 1;
  const id = `test-plan-${process.pid}-${planCounter}`;
  const created = await operator('POST', '/v1/operator/plans', { id, name, definition });
  expect(created.status).toBe(201);
  const published = await operator('POST', `/v1/operator/plans/${id}/versions/1/publish`);
  expect(published.status).toBe(200);
  return id;
}

const termPlan = {
  currency: 'USD',
  interval: 'year',
  licenceTypes: { user: { unitAmount: 6000 } },
  increase: { charge: 'full' },
  invoiceChanges: 'immediately',
  decrease: { effective: 'renewal', credit: 'none' },
  blockSize: 5,
  term: { intervals: 1, renewalWindowDays: 30, increaseBlockedInRenewalWindow: true },
  ownerLicence: 'user',
};

const sub = (tenant: Tenant) => tenant.subscriptionIds[0] ?? '';

describe('the catalog belongs to the vendor', () => {
  it('a new version never re-prices a contract sold on an earlier one (004)', async () => {
    const planId = await publish(termPlan);
    const tenant = await signUp(service.app, {
      plan: planId,
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    // The vendor raises the price to 70.00: a new version, published.
    const v2 = await operator('POST', `/v1/operator/plans/${planId}/versions`, {
      definition: { ...termPlan, licenceTypes: { user: { unitAmount: 7000 } } },
    });
    expect(v2.body).toMatchObject({ version: 2, status: 'draft' });
    await operator('POST', `/v1/operator/plans/${planId}/versions/2/publish`);
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-06-01T00:00:00Z' });
    const block = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/licence-changes`, {
      op: 'add',
      seats: { user: 5 },
    });
    expect(block.body).toMatchObject({ outcome: 'applied', chargedNow: 30000 });
    const subscription = await tenant.call('GET', `/v1/subscriptions/${sub(tenant)}`);
    expect(subscription.body['planVersionId']).toBe(subscription.body['soldPlanVersionId']);
    // A new customer buys the new version.
    const later = await signUp(service.app, { plan: planId, seats: { user: 5 } });
    const laterSubscription = await later.call('GET', `/v1/subscriptions/${sub(later)}`);
    expect(laterSubscription.body['planVersionId']).toBe((v2.body as { id: string }).id);
  });

  it('a renewal moves the contract to the version on sale then, priced for the whole term', async () => {
    const planId = await publish(termPlan);
    const tenant = await signUp(service.app, {
      plan: planId,
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    await operator('POST', `/v1/operator/plans/${planId}/versions`, {
      definition: { ...termPlan, licenceTypes: { user: { unitAmount: 7000 } } },
    });
    await operator('POST', `/v1/operator/plans/${planId}/versions/2/publish`);
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-10T00:00:00Z' });
    const renewal = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/renewal`, {});
    expect(renewal.body).toMatchObject({ outcome: 'applied', chargedNow: 35000 });
  });

  it('customers choose only plans on sale: no plan of their own, no draft, no retired plan', async () => {
    const own = await caller(service.app, null)('POST', '/v1/organizations', {
      name: 'Free ride',
      plan: { currency: 'USD', interval: 'month', licenceTypes: { seat: { unitAmount: 0 } } },
      seats: { seat: 5 },
      locations: [{ name: 'Main' }],
      owner: { name: 'O', email: `free-${process.pid}@example.test`, password: 'long-enough-1' },
    });
    expect(own.status).toBe(422);
    expect(own.body).toMatchObject({ code: 'plan_not_offered', field: 'plan' });

    planCounter += 1;
    const draft = `draft-${process.pid}-${planCounter}`;
    await operator('POST', '/v1/operator/plans', {
      id: draft,
      name: 'Draft',
      definition: termPlan,
    });
    await expect(signUp(service.app, { plan: draft, seats: { user: 5 } })).rejects.toThrow(
      /plan_not_offered/,
    );
    const retired = await publish(termPlan);
    await operator('POST', `/v1/operator/plans/${retired}/retire`);
    await expect(signUp(service.app, { plan: retired, seats: { user: 5 } })).rejects.toThrow(
      /plan_not_offered/,
    );
    const onSale = await caller(service.app, null)('GET', '/v1/plans');
    const ids = (onSale.body as unknown as { id: string }[]).map((plan) => plan.id);
    expect(ids).not.toContain(draft);
    expect(ids).not.toContain(retired);
  });

  it('a negotiated version is offered to its organisation only, at its renewal', async () => {
    const planId = await publish(termPlan);
    const tenant = await signUp(service.app, {
      plan: planId,
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const deal = await operator('POST', `/v1/operator/plans/${planId}/versions`, {
      definition: { ...termPlan, licenceTypes: { user: { unitAmount: 5000 } } },
      organizationId: tenant.orgId,
    });
    expect(deal.body).toMatchObject({ negotiatedFor: tenant.orgId });
    await operator('POST', `/v1/operator/plans/${planId}/versions/2/publish`);
    const mine = await tenant.call('GET', '/v1/plans');
    expect(
      (mine.body as unknown as { id: string; negotiated: boolean }[]).find((p) => p.id === planId),
    ).toMatchObject({ negotiated: true, version: 2 });
    const anyone = await caller(service.app, null)('GET', '/v1/plans');
    expect(
      (anyone.body as unknown as { id: string; version: number }[]).find((p) => p.id === planId),
    ).toMatchObject({ version: 1 });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-10T00:00:00Z' });
    const renewal = await tenant.call(
      'POST',
      `/v1/subscriptions/${sub(tenant)}/renewal?preview=true`,
      {},
    );
    expect(renewal.body).toMatchObject({ chargedNow: 25000 });
  });

  it('a plan definition missing a field or with a bad one is a 400 naming it', async () => {
    const missing = await operator('POST', '/v1/operator/plans', {
      id: `broken-${process.pid}`,
      name: 'Broken',
      definition: { interval: 'month', licenceTypes: { seat: { unitAmount: 100 } } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', field: 'definition.currency' });
    const bad = await operator('POST', '/v1/operator/plans', {
      id: `broken-${process.pid}`,
      name: 'Broken',
      definition: { currency: 'USD', interval: 'month', licenceTypes: { seat: {} } },
    });
    expect(bad.body).toMatchObject({ field: 'definition.licenceTypes.seat.unitAmount' });
  });
});

describe('plan definitions from the operator are checked, never a 500', () => {
  const full = {
    currency: 'USD',
    interval: 'month',
    intervalCount: 1,
    licenceTypes: {
      therapist: { unitAmount: 10000 },
      clerical: { unitAmount: 0, unlimited: true },
      telehealth: { unitAmount: 1500, addonTo: ['therapist'] },
    },
    proration: { basis: 'day', rounding: 'half_up' },
    invoiceChanges: 'next_invoice',
    increase: { charge: 'prorated' },
    decrease: { effective: 'period_end', credit: 'none', cutoffHours: 24 },
    blockSize: 1,
    term: { intervals: 12, renewalWindowDays: 30 },
    scope: 'location',
    licenceRoles: { provider: ['therapist'], admin: ['clerical'] },
    exclusiveLicences: [['therapist', 'clerical']],
    ownerLicence: null,
    removalReasonRequired: true,
    removalExplanationRequired: true,
  };
  const variants: readonly unknown[] = [undefined, null, 'x', -1, 1.5, [], {}, true];

  it.each(Object.keys(full))('every bad value of %s is a 4xx naming it', async (key) => {
    for (const [i, value] of variants.entries()) {
      const definition: Record<string, unknown> = Object.fromEntries(
        Object.entries({ ...full, [key]: value }).filter(([, v]) => v !== undefined),
      );
      planCounter += 1;
      const response = await operator('POST', '/v1/operator/plans', {
        id: `fuzz-${process.pid}-${planCounter}`,
        name: `Fuzz ${key} ${i}`,
        definition,
      });
      expect(response.status, `${key} = ${JSON.stringify(value)}`).toBeLessThan(500);
      if (response.status >= 400) {
        expect(String(response.body.field)).toMatch(new RegExp(`^definition\\.${key}`));
      }
    }
  });
});

describe('the operator', () => {
  it('has its own credentials: an organisation key cannot reach the catalog', async () => {
    const tenant = await signUp(service.app);
    const refused = await tenant.call('GET', '/v1/operator/plans');
    expect(refused.status).toBe(403);
    const anonymous = await caller(service.app, null)('GET', '/v1/operator/organizations');
    expect(anonymous.status).toBe(401);
    // A stale credential on the public plan list leaves the caller anonymous.
    const stale = await caller(service.app, 'sk_revoked')('GET', '/v1/plans');
    expect(stale.status).toBe(200);
    const catalog = await operator('GET', '/v1/operator/plans');
    expect(catalog.status).toBe(200);
  });

  it('lists customers with subscriptions, open invoices and monthly recurring revenue', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 3, admin: 1 } });
    let cursor = '';
    let found: Record<string, unknown> | undefined;
    for (let page = 0; page < 50 && !found; page++) {
      const listed = await operator('GET', `/v1/operator/organizations?limit=200${cursor}`);
      const data = listed.body['data'] as { id: string }[];
      found = data.find((org) => org.id === tenant.orgId);
      if (!listed.body['nextCursor']) break;
      cursor = `&cursor=${String(listed.body['nextCursor'])}`;
    }
    // 3 x 60.00 + 1 x 30.00 a month; the first invoice is open.
    expect(found).toMatchObject({
      monthlyRecurringRevenue: 21000,
      openInvoices: { count: 1, amount: 21000 },
      subscriptions: [{ planId: 'per-provider', status: 'active', monthlyRecurringRevenue: 21000 }],
    });
    // Paid, it is no longer open.
    await addTestCard(tenant);
    const invoices = await tenant.call('GET', '/v1/invoices');
    const [invoice] = invoices.body['data'] as { id: string }[];
    expect((await tenant.call('POST', `/v1/invoices/${invoice?.id ?? ''}/pay`, {})).status).toBe(
      200,
    );
    const again = await operator('GET', `/v1/operator/organizations?limit=200${cursor}`);
    const after = (again.body['data'] as { id: string }[]).find((org) => org.id === tenant.orgId);
    expect(after).toMatchObject({ openInvoices: { count: 0, amount: 0 } });
  });

  it('acts for a customer, and the audit log names the operator', async () => {
    const tenant = await signUp(service.app);
    const noOrg = await operator('GET', '/v1/subscriptions');
    expect(noOrg.body).toMatchObject({
      code: 'validation_failed',
      field: 'Seatledger-Organization',
    });
    const change = await operator(
      'POST',
      `/v1/subscriptions/${sub(tenant)}/licence-changes`,
      { op: 'add', seats: { provider: 1 } },
      { 'seatledger-organization': tenant.orgId },
    );
    expect(change.status).toBe(200);
    const audit = await tenant.call('GET', '/v1/audit-log?action=licences.changed');
    expect((audit.body['data'] as { actor: string }[])[0]?.actor).toMatch(/^operator:opk_/);
  });
});

describe('the article rules at the service', () => {
  it('a renewal below the licences in use is refused unless it says which to release (004)', async () => {
    const planId = await publish(termPlan);
    const tenant = await signUp(service.app, {
      plan: planId,
      seats: { user: 10 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    const ids: string[] = [];
    for (const name of ['Ann', 'Bob', 'Cy', 'Di', 'Ed', 'Flo']) {
      const staff = await tenant.call('POST', '/v1/staff', {
        name,
        email: `${name}-${tenant.orgId}@example.test`,
      });
      const id = (staff.body as { id: string }).id;
      const assigned = await tenant.call('POST', `/v1/staff/${id}/licences`, {
        licenceType: 'user',
      });
      ids.push((assigned.body as { id: string }).id);
    }
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-10T00:00:00Z' });
    // 7 held (the owner and 6), 5 bought for the next term.
    const refused = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/renewal`, {
      seats: { user: 5 },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'licences_in_use', releaseFirst: 2 });
    const stranger = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/renewal`, {
      seats: { user: 5 },
      release: ['lic_not_here'],
    });
    expect(stranger.body).toMatchObject({ code: 'validation_failed', field: 'release[0]' });
    const renewed = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/renewal`, {
      seats: { user: 5 },
      release: ids.slice(0, 2),
    });
    expect(renewed.body).toMatchObject({ outcome: 'applied' });
    // The next term buys 5: no licence may be assigned now that would not fit it.
    const late = await tenant.call('POST', '/v1/staff', {
      name: 'Lee Late',
      email: `lee-${tenant.orgId}@example.test`,
    });
    const refusedLate = await tenant.call(
      'POST',
      `/v1/staff/${(late.body as { id: string }).id}/licences`,
      { licenceType: 'user' },
    );
    expect(refusedLate.body).toMatchObject({ code: 'no_licence_available' });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2027-01-01T00:00:01Z' });
    const subscription = await tenant.call('GET', `/v1/subscriptions/${sub(tenant)}`);
    expect(
      (subscription.body['pools'] as { purchased: number; assigned: number }[])[0],
    ).toMatchObject({
      purchased: 5,
      assigned: 5,
    });
  });

  it("an ended subscription's licences stop granting access; no new assignment (004)", async () => {
    const tenant = await signUp(service.app, { seats: { provider: 3, admin: 1 } });
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Pat Provider',
      email: `pat-${tenant.orgId}@example.test`,
    });
    const id = (staff.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'provider',
      active: true,
    });
    await tenant.call('PUT', `/v1/staff/${id}/permissions`, {
      permissions: ['therapist', 'scheduling'],
    });
    await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/cancellation`, {
      effective: '2026-04-01T00:00:00Z',
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-04-02T00:00:00Z' });
    const after = await tenant.call('GET', `/v1/staff/${id}`);
    expect(after.body).toMatchObject({ licences: [], permissions: ['scheduling'] });
    const again = await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'provider',
    });
    expect(again.body).toMatchObject({ code: 'subscription_ended' });
    const audit = await tenant.call('GET', `/v1/audit-log?action=licence.expired&subject=${id}`);
    expect((audit.body['data'] as unknown[]).length).toBe(1);
  });

  it('a removal at exactly 24 hours before the cycle is in time (002)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 3 } }],
      testClock: { startsAt: '2026-08-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-08-31T00:00:00Z' });
    const removal = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/licence-changes`, {
      op: 'remove',
      seats: { therapist: 1 },
      reason: 'unused',
      explanation: 'Left the clinic',
    });
    expect(removal.body).toMatchObject({ outcome: 'scheduled', effective: '2026-09-01T00:00:00Z' });
  });

  it('the health check counts after scheduled removals, in blocks, and after the deadline says what a removal does (002)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 5 } }],
      testClock: { startsAt: '2026-08-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-08-20T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/licence-changes`, {
      op: 'remove',
      seats: { therapist: 2 },
      reason: 'unused',
      explanation: 'Two left',
    });
    const before = await tenant.call('GET', '/v1/health-check');
    expect((before.body['subscriptions'] as unknown[])[0]).toMatchObject({
      deadlinePassed: false,
      removalDeadline: { until: '2026-08-31T00:00:00Z' },
      unused: [
        {
          licenceType: 'therapist',
          purchased: 5,
          purchasedAfterScheduled: 3,
          unused: 3,
          proposedRemoval: 3,
          costPerPeriod: 30000,
          note: '2 scheduled for removal on 2026-09-01T00:00:00Z',
        },
      ],
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-08-31T12:00:00Z' });
    const after = await tenant.call('GET', '/v1/health-check');
    expect((after.body['subscriptions'] as unknown[])[0]).toMatchObject({
      deadlinePassed: true,
      removalDeadline: { until: '2026-09-30T00:00:00Z' },
      removalEffectiveAt: '2026-10-01T00:00:00Z',
    });

    const term = await signUp(service.app, { plan: 'annual-term-blocks', seats: { user: 15 } });
    const check = await term.call('GET', '/v1/health-check');
    // 15 bought, none assigned: 15 unused, all in whole blocks of 5.
    expect((check.body['subscriptions'] as { unused: unknown[] }[])[0]?.unused).toMatchObject([
      { unused: 15, proposedRemoval: 15 },
    ]);
    const staff = await term.call('POST', '/v1/staff', {
      name: 'Una User',
      email: `una-${term.orgId}@example.test`,
    });
    await term.call('POST', `/v1/staff/${(staff.body as { id: string }).id}/licences`, {
      licenceType: 'user',
    });
    const blocks = await term.call('GET', '/v1/health-check');
    expect((blocks.body['subscriptions'] as { unused: unknown[] }[])[0]?.unused).toMatchObject([
      { unused: 14, proposedRemoval: 10 },
    ]);
  });

  it('an inactive member gets no licence until made active again (001)', async () => {
    const tenant = await signUp(service.app);
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Ian Inactive',
      email: `ian-${tenant.orgId}@example.test`,
    });
    const id = (staff.body as { id: string }).id;
    await tenant.call('PATCH', `/v1/staff/${id}`, { status: 'inactive' });
    const refused = await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'provider',
    });
    expect(refused.body).toMatchObject({ code: 'conflict', field: 'staffId' });
  });

  it('a removal preview quotes without a reason and says the write will need one (001)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 3 } }],
    });
    const preview = await tenant.call(
      'POST',
      `/v1/subscriptions/${sub(tenant)}/licence-changes?preview=true`,
      { op: 'remove', seats: { therapist: 1 } },
    );
    expect(preview.status).toBe(200);
    expect(preview.body['writeNeeds']).toEqual([
      expect.objectContaining({ field: 'reason' }),
      expect.objectContaining({ field: 'explanation' }),
    ]);
    // Where the plan asks for no reason, none is needed (000).
    const physio = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 3 },
    });
    const removal = await physio.call('POST', `/v1/subscriptions/${sub(physio)}/licence-changes`, {
      op: 'remove',
      seats: { practitioner: 1 },
    });
    expect(removal.body).toMatchObject({ outcome: 'applied' });
  });

  it('invoice-now answers with what it issued (000)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 4 },
      testClock: { startsAt: '2026-05-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-05-15T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/licence-changes`, {
      op: 'add',
      seats: { practitioner: 1 },
    });
    const now = await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/invoice-now`);
    expect(now.body).toMatchObject({
      chargedNow: 2687,
      invoices: [expect.objectContaining({ total: 2687 })],
    });
  });

  it('invoice numbers are unique in the organisation and name the clinic (002)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [
        { name: 'North', seats: { therapist: 1 } },
        { name: 'South', seats: { therapist: 2 } },
      ],
    });
    const invoices = await tenant.call('GET', '/v1/invoices');
    const data = invoices.body['data'] as { number: number; locationName: string }[];
    expect(data.map((invoice) => invoice.number).sort()).toEqual([1, 2]);
    expect(data.map((invoice) => invoice.locationName).sort()).toEqual(['North', 'South']);
  });

  it('the owner holds a licence only where the plan has an owner licence (003)', async () => {
    const physio = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 2 },
    });
    const owner = await physio.call('GET', `/v1/staff/${physio.ownerId}`);
    expect(owner.body['licences']).toEqual([]);
    const provider = await signUp(service.app);
    const providerOwner = await provider.call('GET', `/v1/staff/${provider.ownerId}`);
    expect(providerOwner.body['licences']).toMatchObject([{ licenceType: 'provider' }]);
  });

  it('a User Manager on the clinic plan needs only a free clerical licence (001, 002)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 1 } }],
    });
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Uma Manager',
      email: `uma-${tenant.orgId}@example.test`,
    });
    const id = (staff.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'clerical',
      active: true,
    });
    const granted = await tenant.call('PUT', `/v1/staff/${id}/permissions`, {
      permissions: ['licences_manage'],
    });
    expect(granted.status).toBe(200);
  });

  it('a base licence cannot be switched off while an add-on on it is on (000)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 2, 'telehealth-pro': 1 },
    });
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Tia Tele',
      email: `tia-${tenant.orgId}@example.test`,
    });
    const id = (staff.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'practitioner',
      active: true,
    });
    await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'telehealth-pro',
      active: true,
    });
    const off = await tenant.call('PATCH', `/v1/staff/${id}/licences/practitioner`, {
      active: false,
    });
    expect(off.body).toMatchObject({ code: 'addon_requires_base' });
  });

  it('history shows the quantities in force each month, not today’s', async () => {
    const tenant = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 2 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-03-10T00:00:00Z' });
    await tenant.call('POST', `/v1/subscriptions/${sub(tenant)}/licence-changes`, {
      op: 'add',
      seats: { practitioner: 3 },
    });
    const history = await tenant.call('GET', `/v1/subscriptions/${sub(tenant)}/history`);
    const months = history.body['months'] as { month: string; purchased: Record<string, number> }[];
    expect(months.map((m) => [m.month, m.purchased['practitioner']])).toEqual([
      ['2026-01-01', 2],
      ['2026-02-01', 2],
      ['2026-03-01', 2],
    ]);
  });
});
