import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  operatorCaller,
  signedInMember,
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

const member = (tenant: Tenant, name: string, permissions: string[], licence?: string) =>
  signedInMember(service.app, tenant, name, permissions, licence);

async function messagesTo(email: string) {
  return service.store.db
    .selectFrom('messages')
    .select(['subject', 'text_body'])
    .where('recipient_email', '=', email)
    .where('kind', '=', 'request_decided')
    .execute();
}

describe('requests and approvals (12, 001)', () => {
  it('a member asks for more licences; a licence manager sees the cost and approves; the requester is told', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 2 } });
    const [subscriptionId] = tenant.subscriptionIds;
    const asker = await member(tenant, 'ann', ['scheduling']);
    const manager = await member(tenant, 'max', ['licences_manage'], 'admin');
    // Without licence management the change itself is refused; a request is not.
    const direct = await asker.call('POST', `/v1/subscriptions/${subscriptionId}/licence-changes`, {
      op: 'add',
      seats: { provider: 1 },
    });
    expect(direct.status).toBe(403);
    const asked = await asker.call('POST', '/v1/licence-requests', {
      kind: 'adjustment',
      subscriptionId,
      op: 'add',
      seats: { provider: 1 },
      explanation: 'A new physiotherapist starts Monday',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', summary: 'add 1 provider' });
    expect((asked.body['preview'] as { outcome: string }).outcome).toBe('applied');
    const requestId = asked.body['id'] as string;
    // Those who may decide are told: the licence manager and the owner (who holds every permission), not the member who asks.
    const alerted = await service.store.db
      .selectFrom('messages')
      .select(['recipient_email', 'subject'])
      .where('org_id', '=', tenant.orgId)
      .where('kind', '=', 'licence_request')
      .execute();
    expect(alerted.map((m) => m.recipient_email).sort()).toEqual(
      [manager.email, tenant.email].sort(),
    );
    expect(alerted[0]?.subject).toBe('ann asks to add 1 provider');

    // The queue: the manager sees it with its cost now; the asker sees only their own.
    const queue = await manager.call('GET', '/v1/licence-requests?status=pending');
    expect(queue.body).toMatchObject({ canDecide: true });
    expect((queue.body['data'] as { id: string; requesterName: string }[])[0]).toMatchObject({
      id: requestId,
      requesterName: 'ann',
    });
    const detail = await manager.call('GET', `/v1/licence-requests/${requestId}`);
    expect(detail.body['preview']).toMatchObject({ preview: true, seatsAfter: { provider: 3 } });
    const other = await member(tenant, 'otto', []);
    expect((await other.call('GET', `/v1/licence-requests/${requestId}`)).status).toBe(404);
    expect((await other.call('GET', '/v1/licence-requests')).body['data']).toEqual([]);
    expect(
      (await asker.call('POST', `/v1/licence-requests/${requestId}/approval`, {})).status,
    ).toBe(403);

    const approved = await manager.call('POST', `/v1/licence-requests/${requestId}/approval`, {
      note: 'Welcome aboard',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisionNote: 'Welcome aboard' });
    expect(approved.body['outcome']).toMatchObject({ eventId: expect.any(String) });
    const subscription = await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`);
    const provider = (
      subscription.body['pools'] as { licenceType: string; purchased: number }[]
    ).find((pool) => pool.licenceType === 'provider');
    expect(provider?.purchased).toBe(3);
    const [told] = await messagesTo(asker.email);
    expect(told?.subject).toBe('Your request was approved: add 1 provider');
    expect(told?.text_body).toContain('Welcome aboard');
    // Decided once: a second approval or a decline is refused, and nothing more is bought.
    const again = await manager.call('POST', `/v1/licence-requests/${requestId}/approval`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'request_not_pending' });
    const after = await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`);
    expect(after.body['pools']).toEqual(subscription.body['pools']);
  });

  it('a licence for oneself: approved, it is assigned and switched on; declined, nothing changes', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 2 } });
    const asker = await member(tenant, 'bo', []);
    const manager = await member(tenant, 'mo', ['licences_manage'], 'admin');
    const bogus = await asker.call('POST', '/v1/licence-requests', {
      kind: 'licence',
      licenceType: 'wizard',
    });
    expect(bogus.status).toBe(400);
    expect(bogus.body).toMatchObject({ code: 'validation_failed', field: 'licenceType' });
    const asked = await asker.call('POST', '/v1/licence-requests', {
      kind: 'licence',
      licenceType: 'provider',
      explanation: 'I start seeing patients',
    });
    expect(asked.status).toBe(201);
    const declined = await manager.call(
      'POST',
      `/v1/licence-requests/${asked.body['id'] as string}/decline`,
      { note: 'Not this month' },
    );
    expect(declined.body).toMatchObject({ status: 'declined' });
    const [told] = await messagesTo(asker.email);
    expect(told?.subject).toBe('Your request was declined: a provider licence for themselves');
    const again = await asker.call('POST', '/v1/licence-requests', {
      kind: 'licence',
      licenceType: 'provider',
    });
    const approved = await manager.call(
      'POST',
      `/v1/licence-requests/${again.body['id'] as string}/approval`,
      {},
    );
    expect(approved.status).toBe(200);
    expect(approved.body['outcome']).toMatchObject({ assignmentId: expect.any(String) });
    const me = await asker.call('GET', `/v1/staff/${asker.id}`);
    expect(me.body['licences']).toEqual([
      expect.objectContaining({ licenceType: 'provider', active: true }),
    ]);
  });

  it('refuses at once what the rules refuse, asks for the reason a removal needs, and bounds what waits', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [{ name: 'Downtown', seats: { therapist: 3, assistant: 5 } }],
    });
    const [subscriptionId] = tenant.subscriptionIds;
    const asker = await member(tenant, 'cy', []);
    const base = { kind: 'adjustment', subscriptionId };
    const noReason = await asker.call('POST', '/v1/licence-requests', {
      ...base,
      op: 'remove',
      seats: { assistant: 1 },
    });
    expect(noReason.body).toMatchObject({ code: 'reason_required', field: 'reason' });
    const tooMany = await asker.call('POST', '/v1/licence-requests', {
      ...base,
      op: 'remove',
      seats: { assistant: 9 },
      reason: 'unused',
      explanation: 'x',
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'validation_failed', field: 'seats' });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const asked = await asker.call('POST', '/v1/licence-requests', {
        ...base,
        op: 'add',
        seats: { assistant: 1 },
      });
      expect(asked.status).toBe(201);
      ids.push(asked.body['id'] as string);
    }
    const sixth = await asker.call('POST', '/v1/licence-requests', {
      ...base,
      op: 'add',
      seats: { assistant: 1 },
    });
    expect(sixth.body).toMatchObject({ code: 'too_many_requests' });
    const withdrawn = await asker.call('POST', `/v1/licence-requests/${ids[0] ?? ''}/withdrawal`);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    const other = await member(tenant, 'di', []);
    expect(
      (await other.call('POST', `/v1/licence-requests/${ids[1] ?? ''}/withdrawal`)).status,
    ).toBe(403);
  });
});

describe('removals the vendor approves (12)', () => {
  it('a customer-approved removal waits in the operator queue; the vendor approves it or declines', async () => {
    const operator = await operatorCaller(service);
    const planId = `vendor-approved-${Date.now()}`;
    const created = await operator('POST', '/v1/operator/plans', {
      id: planId,
      name: 'Vendor-approved removals',
      definition: {
        currency: 'USD',
        interval: 'month',
        licenceTypes: { seat: { unitAmount: 2000 } },
        decrease: { effective: 'immediately', credit: 'none' },
        removalApproval: 'vendor',
      },
    });
    expect(created.status).toBe(201);
    await operator('POST', `/v1/operator/plans/${planId}/versions/1/publish`);
    const tenant = await signUp(service.app, { plan: planId, seats: { seat: 5 } });
    const [subscriptionId] = tenant.subscriptionIds;
    const url = `/v1/subscriptions/${subscriptionId}/licence-changes`;
    // The customer's own removal is refused, saying why; adding is not.
    const direct = await tenant.call('POST', url, { op: 'remove', seats: { seat: 1 } });
    expect(direct.status).toBe(409);
    expect(direct.body).toMatchObject({ code: 'vendor_approval_required' });
    const preview = await tenant.call('POST', `${url}?preview=true`, {
      op: 'remove',
      seats: { seat: 1 },
    });
    expect(preview.body['writeNeeds']).toEqual([
      expect.objectContaining({ field: 'vendorApproval' }),
    ]);
    expect((await tenant.call('POST', url, { op: 'add', seats: { seat: 1 } })).status).toBe(200);

    // A member asks; the licence manager approves: it goes to the vendor, nothing removed yet.
    const asker = await member(tenant, 'vi', []);
    const asked = await asker.call('POST', '/v1/licence-requests', {
      kind: 'adjustment',
      subscriptionId,
      op: 'remove',
      seats: { seat: 2 },
    });
    expect(asked.status).toBe(201);
    const requestId = asked.body['id'] as string;
    const manager = await member(tenant, 'vm', ['licences_manage']);
    const forwarded = await manager.call('POST', `/v1/licence-requests/${requestId}/approval`, {});
    expect(forwarded.body).toMatchObject({ status: 'awaiting_vendor' });
    const seatsOf = async () =>
      (
        (await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`)).body['pools'] as {
          purchased: number;
        }[]
      )[0]?.purchased;
    expect(await seatsOf()).toBe(6);

    // The vendor's queue names the customer; an organisation cannot reach it.
    const queue = await operator('GET', '/v1/operator/licence-requests');
    expect(queue.body['data']).toContainEqual(
      expect.objectContaining({
        id: requestId,
        organizationId: tenant.orgId,
        summary: 'remove 2 seat',
      }),
    );
    expect((await tenant.call('GET', '/v1/operator/licence-requests')).status).toBe(403);
    const approved = await operator('POST', `/v1/operator/licence-requests/${requestId}/approval`, {
      note: 'Agreed',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(await seatsOf()).toBe(4);
    const [told] = await messagesTo(asker.email);
    expect(told?.subject).toBe('Your request was approved: remove 2 seat');
    const again = await operator('POST', `/v1/operator/licence-requests/${requestId}/approval`, {});
    expect(again.body).toMatchObject({ code: 'request_not_pending' });

    // A licence manager's own removal request goes straight to the vendor, who declines.
    const own = await manager.call('POST', '/v1/licence-requests', {
      kind: 'adjustment',
      subscriptionId,
      op: 'remove',
      seats: { seat: 1 },
    });
    expect(own.body).toMatchObject({ status: 'awaiting_vendor' });
    const declined = await operator(
      'POST',
      `/v1/operator/licence-requests/${own.body['id'] as string}/decline`,
      { note: 'Contract minimum is 4' },
    );
    expect(declined.body).toMatchObject({
      status: 'declined',
      decisionNote: 'Contract minimum is 4',
    });
    expect(await seatsOf()).toBe(4);
  });
});
