import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startService, type Tenant, type TestService } from '../support/service.js';

let service: TestService;
let tenant: Tenant;
beforeAll(async () => {
  service = await startService();
  tenant = await signUp(service.app);
});
afterAll(() => service.close());

async function raw(
  method: 'GET' | 'POST',
  url: string,
  payload?: string,
  type = 'application/json',
) {
  const response = await service.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${tenant.apiKey}`,
      'idempotency-key': `hygiene-${Math.random()}`,
      ...(payload === undefined ? {} : { 'content-type': type }),
    },
    ...(payload === undefined ? {} : { payload }),
  });
  return {
    status: response.statusCode,
    type: String(response.headers['content-type']),
    body: JSON.parse(response.body) as { code: string; field: string | null },
  };
}

describe('bad input is a 4xx naming the field, never a 500', () => {
  it.each([
    ['a NUL in a name', 'POST', '/v1/staff', '{"name":"A\\u0000B","email":"a@b.test"}', 'name'],
    [
      'a lone surrogate in a name',
      'POST',
      '/v1/staff',
      '{"name":"A\\ud800","email":"a@b.test"}',
      'name',
    ],
    ['a NUL in an e-mail', 'POST', '/v1/staff', '{"name":"A","email":"a\\u0000@b.test"}', 'email'],
    ['a NUL in a search', 'GET', '/v1/staff?search=%00', undefined, 'search'],
    ['a NUL in an audit filter', 'GET', '/v1/audit-log?action=%00x', undefined, 'action'],
    ['a NUL in a path id', 'GET', '/v1/staff/stf_%00', undefined, 'staffId'],
    ['bad percent-encoding in a path', 'GET', '/v1/invoices/inv_%ED%A0%80', undefined, 'path'],
  ] as const)('%s', async (_name, method, url, payload, field) => {
    const response = await raw(method, url, payload);
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'validation_failed' });
    expect(response.body.field).toBe(field);
  });

  it('deep JSON with an Idempotency-Key', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const response = await raw('POST', '/v1/staff', deep);
    expect(response.status).toBe(400);
  });

  it('an oversized body is 413, another content type 415', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(300_000), email: 'a@b.test' });
    expect((await raw('POST', '/v1/staff', big)).status).toBe(413);
    const text = await raw('POST', '/v1/staff', '{"name":"A","email":"a@b.test"}', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('unsupported_media_type');
    const form = await raw('POST', '/v1/staff', 'name=A', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
  });
});
