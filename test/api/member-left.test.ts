import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCaller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe('a member left (12, 001)', () => {
  it('previews the removal as if their licence were back in the pool, then does it all', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 1 } });
    const [subscriptionId] = tenant.subscriptionIds;
    const created = await tenant.call('POST', '/v1/staff', {
      name: 'Lee Leaving',
      email: `lee-${tenant.orgId}@example.test`,
    });
    const id = (created.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'provider',
      active: true,
    });
    // Both provider licences are assigned (the owner holds the other): a plain removal is
    // refused while Lee holds one.
    const plain = await tenant.call(
      'POST',
      `/v1/subscriptions/${subscriptionId}/licence-changes?preview=true`,
      { op: 'remove', seats: { provider: 1 } },
    );
    expect(plain.body).toMatchObject({ code: 'licences_in_use' });
    const before = await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`);

    const preview = await tenant.call('POST', `/v1/staff/${id}/departure?preview=true`, {
      removeLicences: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: true,
      name: 'Lee Leaving',
      released: [{ licenceType: 'provider', subscriptionId }],
      removals: [{ subscriptionId, seats: { provider: 1 }, quote: { preview: true } }],
    });
    const quote = (preview.body['removals'] as { quote: { outcome: string } }[])[0]?.quote;
    expect(quote?.outcome).not.toBe('rejected');
    // The preview changed nothing.
    expect((await tenant.call('GET', `/v1/staff/${id}`)).body).toMatchObject({ status: 'active' });
    expect((await tenant.call('GET', `/v1/subscriptions/${subscriptionId}`)).body).toEqual(
      before.body,
    );

    const done = await tenant.call('POST', `/v1/staff/${id}/departure`, {
      removeLicences: true,
      explanation: 'Moved to another city',
    });
    expect(done.status).toBe(200);
    const removal = (done.body['removals'] as { quote: Record<string, unknown> }[])[0]?.quote;
    expect(removal).toMatchObject({ preview: false, outcome: quote?.outcome });
    const lee = await tenant.call('GET', `/v1/staff/${id}`);
    expect(lee.body).toMatchObject({ status: 'inactive', licences: [] });
    const audit = await service.store.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('org_id', '=', tenant.orgId)
      .where('action', '=', 'licences.changed')
      .execute();
    expect(audit).toContainEqual({
      action: 'licences.changed',
      reason: 'staff_left: Moved to another city',
    });
  });

  it('needs licence management to remove licences too, and never takes the owner', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 2 } });
    const list = await tenant.call('GET', '/v1/staff');
    const ownerId = (list.body['data'] as { id: string; isOwner: boolean }[]).find(
      (s) => s.isOwner,
    )?.id;
    const owner = await tenant.call(
      'POST',
      `/v1/staff/${ownerId ?? ''}/departure?preview=true`,
      {},
    );
    expect(owner.status).toBe(409);
    const bad = await tenant.call('POST', `/v1/staff/${ownerId ?? ''}/departure`, {
      removeLicences: 'yes',
    });
    expect(bad.body).toMatchObject({ code: 'validation_failed', field: 'removeLicences' });
    const email = `sm-${tenant.orgId}@example.test`;
    const made = await tenant.call('POST', '/v1/staff', {
      name: 'Sam Manager',
      email,
      password: 'member-password-1',
    });
    const managerId = (made.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${managerId}/licences`, {
      licenceType: 'admin',
      active: true,
    });
    await tenant.call('PUT', `/v1/staff/${managerId}/permissions`, {
      permissions: ['staff_manage'],
    });
    const manager = await sessionCaller(service.app, email, 'member-password-1');
    const leaver = await tenant.call('POST', '/v1/staff', {
      name: 'Liv',
      email: `liv-${tenant.orgId}@example.test`,
    });
    const leaverId = (leaver.body as { id: string }).id;
    const refused = await manager('POST', `/v1/staff/${leaverId}/departure`, {
      removeLicences: true,
    });
    expect(refused.status).toBe(403);
    expect((await tenant.call('GET', `/v1/staff/${leaverId}`)).body).toMatchObject({
      status: 'active',
    });
    const inactive = await manager('POST', `/v1/staff/${leaverId}/departure`, {});
    expect(inactive.body).toMatchObject({ preview: false, removals: [] });
    expect((await tenant.call('GET', `/v1/staff/${leaverId}`)).body).toMatchObject({
      status: 'inactive',
    });
  });
});
