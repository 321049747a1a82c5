import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caller,
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

/** A member with an admin licence switched on and these permissions, signed in. */
const member = (tenant: Tenant, name: string, permissions: string[]) =>
  signedInMember(service.app, tenant, name, permissions, 'admin');

describe('least privilege (003)', () => {
  it('a staff manager can neither raise himself nor grant what he does not hold', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 3 } });
    const manager = await member(tenant, 'mia', ['staff_manage']);
    const self = await manager.call('PUT', `/v1/staff/${manager.id}/permissions`, {
      permissions: ['staff_manage', 'org_admin'],
    });
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ code: 'forbidden', field: 'permissions' });
    const other = await member(tenant, 'otto', []);
    const grant = await manager.call('PUT', `/v1/staff/${other.id}/permissions`, {
      permissions: ['system_settings', 'org_admin'],
    });
    expect(grant.body).toMatchObject({ code: 'forbidden', field: 'permissions[0]' });
    const create = await manager.call('POST', '/v1/staff', {
      name: 'Nia New',
      email: `nia-${tenant.orgId}@example.test`,
      permissions: ['org_admin'],
    });
    expect(create.body).toMatchObject({ code: 'forbidden', field: 'permissions[0]' });
    // What he holds he may give.
    const fine = await manager.call('PUT', `/v1/staff/${other.id}/permissions`, {
      permissions: ['staff_manage'],
      confirmLogout: true,
    });
    expect(fine.status).toBe(200);
  });

  it('licence pools as counts for staff managers and licence managers, never prices; /v1/me says what they may grant', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 3 } });
    const staffManager = await member(tenant, 'sam', ['staff_manage']);
    const pools = await staffManager.call('GET', '/v1/licence-pools');
    expect(pools.status).toBe(200);
    const [first] = pools.body as unknown as { pools: Record<string, unknown>[] }[];
    expect(first?.pools).toContainEqual({
      licenceType: 'admin',
      unlimited: false,
      purchased: 3,
      assigned: 1,
      available: 2,
    });
    expect(JSON.stringify(pools.body)).not.toMatch(/unitAmount|costPerPeriod|currency/);
    expect((await staffManager.call('GET', '/v1/subscriptions')).status).toBe(403);
    const me = await staffManager.call('GET', '/v1/me');
    expect(me.body['grants']).toEqual(['staff_manage']);
    const reader = await member(tenant, 'bea', ['billing']);
    expect((await reader.call('GET', '/v1/licence-pools')).status).toBe(200);
    // A key without staff or licence scopes does not read them, whoever made it.
    const key = await tenant.call('POST', '/v1/api-keys', {
      name: 'audit',
      scopes: ['audit:read'],
    });
    const auditKey = caller(service.app, key.body['key'] as string);
    expect((await auditKey('GET', '/v1/licence-pools')).status).toBe(403);
    expect((await tenant.call('GET', '/v1/me')).body['grants']).toBe('all');
  });

  it('an API key never does more than its maker may now, and dies with their access', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 3 } });
    const admin = await member(tenant, 'ada', ['org_admin']);
    const made = await admin.call('POST', '/v1/api-keys', {
      name: 'Ada key',
      scopes: ['licences:manage', 'staff:manage', 'billing:manage'],
    });
    expect(made.status).toBe(201);
    const key = caller(service.app, (made.body as { key: string }).key);
    expect((await key('GET', '/v1/api-keys')).status).toBe(200);
    // Ada is no longer an admin: the key loses billing:manage with her.
    await tenant.call('PUT', `/v1/staff/${admin.id}/permissions`, {
      permissions: ['staff_manage'],
      confirmLogout: true,
    });
    expect((await key('GET', '/v1/api-keys')).status).toBe(403);
    expect((await key('GET', '/v1/staff')).status).toBe(200);
    // Ada leaves: the key stops working.
    await tenant.call('PATCH', `/v1/staff/${admin.id}`, { status: 'inactive' });
    expect((await key('GET', '/v1/staff')).status).toBe(401);
  });
});
