import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/app/notifications/run-delivery.js';
import { MailboxMailer } from '../../src/mail/mailbox-mailer.js';
import { pdfText } from '../support/pdf-text.js';
import { addTestCard, caller, signUp, startService, type TestService } from '../support/service.js';

let service: TestService;
let mailbox: string;
beforeAll(async () => {
  service = await startService();
  mailbox = mkdtempSync(join(tmpdir(), 'seatledger-notifications-'));
});
afterAll(async () => {
  await service.close();
  rmSync(mailbox, { recursive: true, force: true });
});

const seen = new Set<string>();

/** Run the delivery worker into the local mailbox; the messages that arrived since the last call. */
async function delivered(): Promise<ParsedMail[]> {
  await runDelivery({
    ...service.context,
    mailer: new MailboxMailer(mailbox),
    publicUrl: 'https://console.example',
  });
  const fresh = readdirSync(mailbox).filter((file) => !seen.has(file));
  const mails = [];
  for (const file of fresh) {
    seen.add(file);
    mails.push(await simpleParser(readFileSync(join(mailbox, file))));
  }
  return mails;
}

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');

describe('invoices, payments and permissions are told (11)', () => {
  it('an issued invoice is announced to the billing contact with its PDF; its payment too', async () => {
    const tenant = await signUp(service.app, { name: 'Lakeside Physio', timeZone: 'Asia/Tokyo' });
    const first = await delivered();
    const invoiceMail = first.find((mail) => to(mail).includes(tenant.email));
    expect(invoiceMail?.subject).toMatch(/^Invoice \d+: US\$\d+\.\d\d, due /);
    expect(invoiceMail?.text).toContain('Please pay');
    expect(invoiceMail?.text).toContain('Lakeside Physio, Main clinic');
    const [pdf] = invoiceMail?.attachments ?? [];
    expect(pdf?.contentType).toBe('application/pdf');
    expect(await pdfText(pdf?.content ?? Buffer.alloc(0))).toContain('Lakeside Physio');
    // Announced once: the next pass sends nothing more.
    expect(await delivered()).toEqual([]);

    await addTestCard(tenant);
    const invoices = await tenant.call('GET', '/v1/invoices');
    const invoiceId = (invoices.body['data'] as { id: string }[])[0]?.id ?? '';
    await tenant.call('POST', `/v1/invoices/${invoiceId}/pay`);
    const paid = (await delivered()).filter((mail) => to(mail).includes(tenant.email));
    expect(paid.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Payment received: US\$/) as unknown,
    ]);
    expect(paid[0]?.text).toContain('visa ending 4242');
  });

  it("a declined payment says the bank's reason", async () => {
    const tenant = await signUp(service.app);
    await delivered();
    await addTestCard(tenant, '4000000000000341');
    const invoices = await tenant.call('GET', '/v1/invoices');
    const invoiceId = (invoices.body['data'] as { id: string }[])[0]?.id ?? '';
    await tenant.call('POST', `/v1/invoices/${invoiceId}/pay`);
    const [failed] = (await delivered()).filter((mail) => to(mail).includes(tenant.email));
    expect(failed?.subject).toMatch(/^Payment failed/);
    expect(failed?.text).toContain('Your card was declined.');
  });

  it('the billing contact and the preferences decide who gets what', async () => {
    const tenant = await signUp(service.app);
    await delivered();
    const saved = await tenant.call('PUT', '/v1/notification-preferences', {
      billingEmail: 'accounts@lakeside.example',
      kinds: { licence_change: { roles: ['actor'], also: ['clinic-manager@lakeside.example'] } },
    });
    expect(saved.status).toBe(200);
    const change = await tenant.call(
      'POST',
      `/v1/subscriptions/${tenant.subscriptionIds[0] ?? ''}/licence-changes`,
      { op: 'add', seats: { provider: 1 } },
    );
    expect(change.body['confirmationSentTo']).toEqual([
      tenant.email,
      'clinic-manager@lakeside.example',
    ]);
    const bad = await tenant.call('PUT', '/v1/notification-preferences', {
      kinds: { licence_change: { roles: ['everyone'] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body['field']).toMatch(/^kinds\.licence_change\.roles/);
  });

  it('a permission change tells the member, and that they were signed out', async () => {
    const tenant = await signUp(service.app);
    const staff = await tenant.call('POST', '/v1/staff', {
      name: 'Pat Provider',
      email: `pat-${tenant.orgId}@lakeside.example`,
      password: 'pat-the-provider-1',
    });
    const staffId = String(staff.body['id']);
    await tenant.call('POST', `/v1/staff/${staffId}/licences`, { licenceType: 'admin' });
    await delivered();
    const changed = await tenant.call('PUT', `/v1/staff/${staffId}/permissions`, {
      permissions: ['billing'],
    });
    expect(changed.status).toBe(200);
    const [mail] = (await delivered()).filter((m) => to(m).includes('pat-'));
    expect(mail?.subject).toBe('Your permissions have changed');
    expect(mail?.text).toContain('Given: billing');
  });
});

describe('staff sign-in: invitations and password resets (11)', () => {
  it('a member added without a password is invited; the link sets it once, then they sign in', async () => {
    const tenant = await signUp(service.app);
    const email = `new-${tenant.orgId}@lakeside.example`;
    const added = await tenant.call('POST', '/v1/staff', { name: 'Nia New', email });
    expect(added.body['invitationSentTo']).toBe(email);
    const [invitation] = (await delivered()).filter((mail) => to(mail).includes(email));
    expect(invitation?.subject).toBe('You are invited: set your password to sign in');
    expect(invitation?.text).toContain('Olivia Owner added you');
    const token = /set-password\/(\S+)/.exec(invitation?.text ?? '')?.[1] ?? '';
    const anonymous = caller(service.app, null);
    const redeemed = await anonymous('POST', '/v1/sign-in-links/redeem', {
      token,
      password: 'nia-chose-this-1',
    });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ email, organizationId: tenant.orgId });
    const again = await anonymous('POST', '/v1/sign-in-links/redeem', {
      token,
      password: 'someone-else-now-1',
    });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ code: 'link_expired', field: 'token' });
    const session = await anonymous('POST', '/v1/sessions', {
      email,
      password: 'nia-chose-this-1',
    });
    expect(session.status).toBe(201);
  });

  it('a reset answers the same for any address, sends a link only to real accounts, a few an hour', async () => {
    const tenant = await signUp(service.app);
    await delivered();
    const anonymous = caller(service.app, null);
    const known = await anonymous('POST', '/v1/password-resets', { email: tenant.email });
    const unknown = await anonymous('POST', '/v1/password-resets', {
      email: 'nobody-here@lakeside.example',
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    for (let i = 0; i < 4; i++) {
      await anonymous('POST', '/v1/password-resets', { email: tenant.email.toUpperCase() });
    }
    const resets = (await delivered()).filter((mail) => mail.subject === 'Reset your password');
    expect(resets).toHaveLength(3);
    for (const reset of resets) expect(to(reset)).toContain(tenant.email);
    // Only the newest link works; it ends the sessions the account had.
    const tokens = resets.map((mail) => /set-password\/(\S+)/.exec(mail.text ?? '')?.[1] ?? '');
    const results = [];
    for (const token of tokens) {
      const answer = await anonymous('POST', '/v1/sign-in-links/redeem', {
        token,
        password: 'a-new-password-1',
      });
      results.push(answer.status);
    }
    expect(results.filter((status) => status === 200)).toHaveLength(1);
    expect(results.filter((status) => status === 410)).toHaveLength(2);
    const old = await anonymous('POST', '/v1/sessions', {
      email: tenant.email,
      password: tenant.password,
    });
    expect(old.status).toBe(401);
  });
});

describe('reminders (11): the renewal window (004), unused licences before the deadline (002)', () => {
  it('a term contract is reminded when its window opens and in its last week, once each', async () => {
    const tenant = await signUp(service.app, {
      plan: 'annual-term-blocks',
      seats: { user: 5 },
      testClock: { startsAt: '2026-01-01T00:00:00Z' },
    });
    await delivered();
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-05T00:00:00Z' });
    const opening = (await delivered()).filter((mail) => to(mail).includes(tenant.email));
    expect(opening.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(
        /^Your contract renews on 1 Jan 2027, 00:00 \(UTC\): the renewal window is open$/,
      ) as unknown,
    ]);
    expect(opening[0]?.text).toContain('no licences can be bought');
    expect(await delivered()).toEqual([]);
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-12-26T00:00:00Z' });
    const lastWeek = (await delivered()).filter((mail) => to(mail).includes(tenant.email));
    expect(lastWeek.map((mail) => mail.subject)).toEqual([
      'One week left to renew your contract (ends 1 Jan 2027, 00:00 (UTC))',
    ]);
  });

  it('unused licences are told three days before the removal deadline, with what is unused', async () => {
    const tenant = await signUp(service.app, { testClock: { startsAt: '2026-03-01T00:00:00Z' } });
    await delivered();
    await tenant.call('POST', '/v1/test-clock/advance', { to: '2026-03-29T12:00:00Z' });
    const [notice] = (await delivered()).filter((mail) => to(mail).includes(tenant.email));
    expect(notice?.subject).toBe(
      '3 unused licences: remove by 1 Apr 2026, 00:00 (UTC) to stop paying for them',
    );
    expect(notice?.text).toContain('Unused provider: 2');
    expect(notice?.text).toContain('Unused admin: 1');
    expect(await delivered()).toEqual([]);
  });
});
