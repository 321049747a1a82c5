import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.js';
import { signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
let guarded: FastifyInstance;
beforeAll(async () => {
  service = await startService();
  guarded = await buildServer(service.context, {
    rateLimits: {
      signIn: { max: 8, windowMs: 60_000 },
      signUp: { max: 2, windowMs: 60_000 },
      anonymous: { max: 5, windowMs: 60_000 },
      failuresBeforeBackOff: 3,
    },
  });
});
afterAll(async () => {
  await guarded.close();
  await service.close();
});

const signIn = (email: string, password: string, ip = '203.0.113.1') =>
  guarded.inject({
    method: 'POST',
    url: '/v1/sessions',
    remoteAddress: ip,
    payload: { email, password },
  });

describe('password guessing and enumeration', () => {
  it('an account backs off after a few wrong passwords, doubling, whatever the address', async () => {
    const tenant = await signUp(service.app);
    for (let i = 0; i < 3; i++) {
      expect((await signIn(tenant.email, 'wrong-password', `198.51.100.${i}`)).statusCode).toBe(
        401,
      );
    }
    const fourth = await signIn(tenant.email, 'wrong-password', '198.51.100.9');
    expect(fourth.statusCode).toBe(401);
    const waiting = await signIn(tenant.email, tenant.password, '198.51.100.10');
    expect(waiting.statusCode).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
    // An unknown address is answered the same way: the back-off is no oracle either.
    for (let i = 0; i < 4; i++) await signIn('nobody@example.test', 'x', `192.0.2.${i}`);
    expect((await signIn('nobody@example.test', 'x', '192.0.2.99')).statusCode).toBe(429);
  });

  it('one address is limited on sign-in, sign-up and other anonymous requests', async () => {
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await signIn(`guess-${i}@example.test`, 'x', ip)).statusCode);
    }
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    const plans = [];
    for (let i = 0; i < 7; i++) {
      plans.push(
        (await guarded.inject({ method: 'GET', url: '/v1/plans', remoteAddress: ip })).statusCode,
      );
    }
    expect(plans.slice(5)).toEqual([429, 429]);
    // Another address is not held back by this one.
    expect(
      (await guarded.inject({ method: 'GET', url: '/v1/plans', remoteAddress: '203.0.113.51' }))
        .statusCode,
    ).toBe(200);
  });

  it('guessing API keys from one address is limited like anonymous requests', async () => {
    const ip = '203.0.113.70';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await guarded.inject({
        method: 'GET',
        url: '/v1/staff',
        remoteAddress: ip,
        headers: { authorization: `Bearer sk_guess_${i}` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('an e-mail used in one organisation can be used in another, and says nothing of it', async () => {
    const first = await signUp(service.app);
    const second = await signUp(service.app);
    const shared = `shared-${first.orgId}@example.test`;
    const a = await first.call('POST', '/v1/staff', {
      name: 'Sam',
      email: shared,
      password: 'first-password-1',
    });
    const b = await second.call('POST', '/v1/staff', {
      name: 'Sam',
      email: shared,
      password: 'second-password',
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    // Each password signs in to its own organisation.
    const toFirst = await service.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { email: shared, password: 'first-password-1' },
    });
    const toSecond = await service.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { email: shared, password: 'second-password' },
    });
    expect(JSON.parse(toFirst.body)).toMatchObject({ organizationId: first.orgId });
    expect(JSON.parse(toSecond.body)).toMatchObject({ organizationId: second.orgId });
    // Sign-up with an owner address already used elsewhere: no conflict to learn it from.
    const again = await signUp(service.app, {
      owner: { name: 'Olivia', email: first.email, password: 'another-owner-1' },
    });
    expect(again.orgId).not.toBe(first.orgId);
  });
});
