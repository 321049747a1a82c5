import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe('browser safety', () => {
  it('a signed-in change from another origin, or with no origin, is refused (CSRF)', async () => {
    const tenant = await signUp(service.app, { testClock: { startsAt: '2026-03-01T00:00:00Z' } });
    const login = await service.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { email: tenant.email, password: tenant.password },
    });
    const cookie = login.cookies.find((c) => c.name === 'sl_session')?.value ?? '';
    const invoiceNow = (headers: Record<string, string>, payload: string, type: string) =>
      service.app.inject({
        method: 'POST',
        url: `/v1/subscriptions/${tenant.subscriptionIds[0] ?? ''}/invoice-now`,
        headers: { 'content-type': type, ...headers },
        cookies: { sl_session: cookie },
        payload,
      });
    const foreign = await invoiceNow({ origin: 'http://evil.localhost' }, '{}', 'application/json');
    expect(foreign.statusCode).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ code: 'forbidden', field: 'Origin' });
    expect((await invoiceNow({}, '{}', 'application/json')).statusCode).toBe(403);
    // The form a foreign page can send without asking: text/plain is not even read.
    expect((await invoiceNow({ origin: 'http://localhost' }, '{}', 'text/plain')).statusCode).toBe(
      415,
    );
    expect(
      (await invoiceNow({ origin: 'http://localhost' }, '{}', 'application/json')).statusCode,
    ).toBe(200);
    // Reads need no origin; bearer keys need none either.
    const read = await service.app.inject({
      method: 'GET',
      url: '/v1/me',
      cookies: { sl_session: cookie },
    });
    expect(read.statusCode).toBe(200);
  });

  it('pages and answers carry the security headers', async () => {
    const docs = await service.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    // Stripe.js only when cards go to Stripe (test/e2e/stripe-card.test.ts): not on the test gateway.
    expect(docs.headers['content-security-policy']).not.toContain('stripe.com');
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(docs.headers['referrer-policy']).toBe('same-origin');
    const api = await service.app.inject({ method: 'GET', url: '/v1/plans' });
    expect(api.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('behind a TLS proxy (TRUST_PROXY) the session cookie is Secure', async () => {
    const { buildServer } = await import('../../src/http/server.js');
    const app = await buildServer(service.context, { trustProxy: true });
    const tenant = await signUp(service.app);
    const login = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: tenant.email, password: tenant.password },
    });
    expect(login.cookies.find((c) => c.name === 'sl_session')).toMatchObject({ secure: true });
    await app.close();
  });
});
