import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startService, type Tenant, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

async function newStaff(tenant: Tenant, name: string, permissions: string[] = []) {
  const response = await tenant.call('POST', '/v1/staff', {
    name,
    email: `${name.toLowerCase().replace(/\W/g, '')}-${tenant.orgId}@example.test`,
    permissions,
  });
  expect(response.status).toBe(201);
  return response.body as unknown as { id: string };
}

describe('licence assignment (003)', () => {
  it('assigns from the pool, switched off until switched on; the pool counts it', async () => {
    const tenant = await signUp(service.app);
    const staff = await newStaff(tenant, 'Pat Provider');
    const assigned = await tenant.call('POST', `/v1/staff/${staff.id}/licences`, {
      licenceType: 'provider',
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ licenceType: 'provider', active: false });
    const on = await tenant.call('PATCH', `/v1/staff/${staff.id}/licences/provider`, {
      active: true,
    });
    expect(on.body).toMatchObject({ active: true });
    const subscription = await tenant.call('GET', `/v1/subscriptions/${tenant.subscriptionIds[0]}`);
    const pools = subscription.body['pools'] as {
      licenceType: string;
      purchased: number;
      assigned: number;
      available: number;
    }[];
    expect(pools.find((pool) => pool.licenceType === 'provider')).toMatchObject({
      purchased: 3,
      assigned: 2,
      available: 1,
    });
  });

  it('a pool not computed yet (a subscription from before pools) is computed at its first assign', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 3, admin: 1 } });
    const first = await newStaff(tenant, 'Early Bird');
    await tenant.call('POST', `/v1/staff/${first.id}/licences`, { licenceType: 'provider' });
    const subscriptionId = tenant.subscriptionIds[0] ?? '';
    await sql`delete from licence_pools where subscription_id = ${subscriptionId}`.execute(
      service.store.db,
    );
    // A release with no pool row changes no counter; the next assign computes the pool.
    await tenant.call('DELETE', `/v1/staff/${first.id}/licences/provider`);
    // Decided on the second try (the pool recomputed): an idempotent retry replays it.
    const keyed = await newStaff(tenant, 'Keyed Kim');
    const headers = { 'idempotency-key': `assign-${keyed.id}` };
    const url = `/v1/staff/${keyed.id}/licences`;
    const answered = await tenant.call('POST', url, { licenceType: 'provider' }, headers);
    expect(answered.status).toBe(201);
    const replay = await tenant.call('POST', url, { licenceType: 'provider' }, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(answered.body);
    await tenant.call('DELETE', `${url}/provider`);
    const names = ['Second Son', 'Third Tom', 'Fourth Fay'];
    const codes: number[] = [];
    for (const name of names) {
      const member = await newStaff(tenant, name);
      const response = await tenant.call('POST', `/v1/staff/${member.id}/licences`, {
        licenceType: 'provider',
      });
      codes.push(response.status);
    }
    // The owner holds one of the 3: two more fit, the third is refused.
    expect(codes).toEqual([201, 201, 409]);
    const pool = await sql<{ capacity: number; assigned: number }>`
      select capacity, assigned from licence_pools
      where subscription_id = ${subscriptionId} and licence_type = 'provider'`.execute(
      service.store.db,
    );
    expect(pool.rows).toEqual([{ capacity: 3, assigned: 3 }]);
  });

  it('no_licence_available when the pool is empty, with a quote to buy one', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 1, admin: 1 } });
    const staff = await newStaff(tenant, 'Late Hire');
    const response = await tenant.call('POST', `/v1/staff/${staff.id}/licences`, {
      licenceType: 'provider',
    });
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'no_licence_available',
      field: 'licenceType',
      pool: { purchased: 1, assigned: 1, available: 0 },
      offer: { op: 'add', seats: { provider: 1 } },
    });
    // 1 March + 0 days: a whole month of 6000, invoiced at once on this plan.
    const offer = response.body['offer'] as { chargedNow: { amount: number }[] };
    expect(offer.chargedNow.map((line) => line.amount)).toEqual([6000]);
  });

  it('never provider and admin together; never an add-on without its base', async () => {
    const tenant = await signUp(service.app);
    const staff = await newStaff(tenant, 'Alex Admin');
    expect(
      (await tenant.call('POST', `/v1/staff/${staff.id}/licences`, { licenceType: 'admin' }))
        .status,
    ).toBe(201);
    const both = await tenant.call('POST', `/v1/staff/${staff.id}/licences`, {
      licenceType: 'provider',
    });
    expect(both.status).toBe(422);
    expect(both.body).toMatchObject({ code: 'mutually_exclusive_licences', field: 'licenceType' });

    const physio = await signUp(service.app, {
      plan: 'prorated-monthly',
      seats: { practitioner: 2, 'telehealth-pro': 1 },
    });
    const member = await newStaff(physio, 'Terry Tele');
    const addon = await physio.call('POST', `/v1/staff/${member.id}/licences`, {
      licenceType: 'telehealth-pro',
    });
    expect(addon.body).toMatchObject({ code: 'addon_requires_base' });
  });

  it('a permission needs a switched-on licence of the right kind, and names it', async () => {
    const tenant = await signUp(service.app);
    const staff = await newStaff(tenant, 'Casey Clinician');
    const refused = await tenant.call('PUT', `/v1/staff/${staff.id}/permissions`, {
      permissions: ['clinical_documentation'],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'licence_required', field: 'permissions' });
    expect(refused.body['detail']).toContain('provider');
    await tenant.call('POST', `/v1/staff/${staff.id}/licences`, { licenceType: 'provider' });
    const stillOff = await tenant.call('PUT', `/v1/staff/${staff.id}/permissions`, {
      permissions: ['clinical_documentation'],
    });
    expect(stillOff.body).toMatchObject({ code: 'licence_required' });
    await tenant.call('PATCH', `/v1/staff/${staff.id}/licences/provider`, { active: true });
    const granted = await tenant.call('PUT', `/v1/staff/${staff.id}/permissions`, {
      permissions: ['clinical_documentation', 'scheduling'],
    });
    expect(granted.status).toBe(200);
    // Now the licence cannot be switched off or released while the permission needs it.
    const off = await tenant.call('PATCH', `/v1/staff/${staff.id}/licences/provider`, {
      active: false,
    });
    expect(off.body).toMatchObject({ code: 'licence_required', field: 'licenceType' });
    const release = await tenant.call('DELETE', `/v1/staff/${staff.id}/licences/provider`);
    expect(release.body).toMatchObject({ code: 'licence_required' });
  });

  it('the owner always holds the owner licence', async () => {
    const tenant = await signUp(service.app);
    const response = await tenant.call('DELETE', `/v1/staff/${tenant.ownerId}/licences/provider`);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'owner_requires_licence' });
  });

  it('release puts the licence back in the pool; it stays purchased and billed', async () => {
    const tenant = await signUp(service.app);
    const staff = await newStaff(tenant, 'Robin Release');
    await tenant.call('POST', `/v1/staff/${staff.id}/licences`, { licenceType: 'provider' });
    const released = await tenant.call(
      'DELETE',
      `/v1/staff/${staff.id}/licences/provider?reason=left`,
    );
    expect(released.status).toBe(204);
    const subscription = await tenant.call('GET', `/v1/subscriptions/${tenant.subscriptionIds[0]}`);
    const pools = subscription.body['pools'] as {
      licenceType: string;
      purchased: number;
      assigned: number;
    }[];
    expect(pools.find((pool) => pool.licenceType === 'provider')).toMatchObject({
      purchased: 3,
      assigned: 1,
    });
    const again = await tenant.call('DELETE', `/v1/staff/${staff.id}/licences/provider`);
    expect(again.status).toBe(404);
  });

  it('an unknown licence type and a second identical assignment are refused', async () => {
    const tenant = await signUp(service.app);
    const staff = await newStaff(tenant, 'Dee Double');
    const unknown = await tenant.call('POST', `/v1/staff/${staff.id}/licences`, {
      licenceType: 'nurse',
    });
    expect(unknown.body).toMatchObject({ code: 'validation_failed', field: 'licenceType' });
    await tenant.call('POST', `/v1/staff/${staff.id}/licences`, { licenceType: 'provider' });
    const twice = await tenant.call('POST', `/v1/staff/${staff.id}/licences`, {
      licenceType: 'provider',
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'conflict' });
  });

  it('licences are per clinic on a per-clinic plan (001)', async () => {
    const tenant = await signUp(service.app, {
      plan: 'clinic-requests',
      seats: {},
      locations: [
        { name: 'Downtown', seats: { therapist: 2, assistant: 1 } },
        { name: 'North', seats: { therapist: 1 } },
      ],
    });
    expect(tenant.subscriptionIds).toHaveLength(2);
    const organization = await tenant.call('GET', '/v1/organization');
    const [, north] = organization.body['locations'] as { id: string }[];
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Nora North',
      email: `nora-${tenant.orgId}@example.test`,
      locationId: north?.id,
    });
    const id = (staff.body as { id: string }).id;
    const assistant = await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'assistant',
    });
    expect(assistant.body).toMatchObject({ code: 'no_licence_available' });
    const clerical = await tenant.call('POST', `/v1/staff/${id}/licences`, {
      licenceType: 'clerical',
    });
    expect(clerical.status).toBe(201);
    expect(clerical.body['subscriptionId']).toBe(tenant.subscriptionIds[1]);
  });
});
