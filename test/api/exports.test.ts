import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCaller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

async function download(key: string, file: string) {
  const reply = await service.app.inject({
    method: 'GET',
    url: `/v1/exports/${file}`,
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: reply.statusCode, headers: reply.headers, text: reply.body };
}

describe('CSV exports and the audit log in words (12)', () => {
  it('exports staff with licences, invoices in decimals, and the audit log as sentences', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 1 } });
    const added = await tenant.call('POST', '/v1/staff', {
      name: '=HYPERLINK("http://evil")',
      email: `evil-${tenant.orgId}@example.test`,
    });
    const evilId = (added.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${evilId}/licences`, { licenceType: 'provider' });

    const staff = await download(tenant.apiKey, 'staff.csv');
    expect(staff.status).toBe(200);
    expect(staff.headers['content-type']).toMatch(/^text\/csv/);
    expect(staff.headers['content-disposition']).toMatch(/attachment; filename=".*staff\.csv"/);
    const lines = staff.text.split('\r\n');
    expect(lines[0]).toBe('name,email,clinic,status,owner,licences,permissions');
    // A formula typed as a name stays text in a spreadsheet.
    expect(staff.text).toContain(
      `"'=HYPERLINK(""http://evil"")",evil-${tenant.orgId}@example.test`,
    );
    expect(staff.text).toContain('provider (off)');

    const invoices = await download(tenant.apiKey, 'invoices.csv');
    expect(invoices.text.split('\r\n')[0]).toContain('number,issued,clinic,status,currency');
    expect(invoices.text).toMatch(/\r\n1,[^,]+,[^,]*,\w+,USD,\d+\.\d\d,/);

    const audit = await download(tenant.apiKey, 'audit-log.csv');
    expect(audit.text).toContain('gave =HYPERLINK(""http://evil"") a provider licence');
    expect(audit.text).toContain('The organisation signed up');

    expect((await download(tenant.apiKey, 'secrets.csv')).status).toBe(400);
  });

  it('the audit log names people, says what happened, and finds entries by name', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 1 } });
    const added = await tenant.call('POST', '/v1/staff', {
      name: 'Petra Quist',
      email: `petra-${tenant.orgId}@example.test`,
    });
    const id = (added.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${id}/licences`, { licenceType: 'provider' });
    const found = await tenant.call('GET', '/v1/audit-log?name=quist');
    const entries = found.body['data'] as {
      sentence: string;
      subjectName: string;
      actorName: string;
    }[];
    expect(entries.map((e) => e.sentence)).toContain(
      'API key "Sign-up key" gave Petra Quist a provider licence',
    );
    expect(entries.every((e) => e.subjectName === 'Petra Quist')).toBe(true);
    const none = await tenant.call('GET', '/v1/audit-log?name=nobody-here');
    expect(none.body['data']).toEqual([]);
  });

  it('each export keeps to the scopes of its list', async () => {
    const tenant = await signUp(service.app, { seats: { provider: 2, admin: 2 } });
    const email = `reader-${tenant.orgId}@example.test`;
    const made = await tenant.call('POST', '/v1/staff', {
      name: 'Rea Reader',
      email,
      password: 'member-password-1',
    });
    const readerId = (made.body as { id: string }).id;
    await tenant.call('POST', `/v1/staff/${readerId}/licences`, {
      licenceType: 'admin',
      active: true,
    });
    await tenant.call('PUT', `/v1/staff/${readerId}/permissions`, { permissions: ['billing'] });
    const reader = await sessionCaller(service.app, email, 'member-password-1');
    expect((await reader('GET', '/v1/exports/audit-log.csv')).status).toBe(403);
  });
});
