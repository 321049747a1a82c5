import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverMessages } from '../../src/app/notifications/deliver-messages.js';
import { MailboxMailer } from '../../src/mail/mailbox-mailer.js';
import { SmtpMailer } from '../../src/mail/smtp-mailer.js';
import { signUp, startService, type TestService } from '../support/service.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';

let smtp: SmtpReceiver;
let service: TestService;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  service = await startService();
});
afterAll(async () => {
  await service.close();
  await smtp.close();
});

const withMailer = (mailer: SmtpMailer | MailboxMailer) => ({
  ...service.context,
  mailer,
  mailFrom: '"Physio Cloud Billing" <billing@physio.example>',
  publicUrl: 'https://app.physio.example',
});

async function removal(seats: number) {
  const tenant = await signUp(service.app, {
    name: 'Alpine Physio',
    timeZone: 'Europe/Zurich',
    plan: 'per-provider',
    seats: { provider: 3, admin: 1 },
  });
  const change = await tenant.call(
    'POST',
    `/v1/subscriptions/${tenant.subscriptionIds[0] ?? ''}/licence-changes`,
    { op: 'add', seats: { provider: seats } },
  );
  expect(change.status).toBe(200);
  return { tenant, change };
}

describe('e-mail delivered over SMTP (nodemailer, a real SMTP server on loopback)', () => {
  it('the licence-change confirmation arrives: text and HTML, money in the currency, the clinic, its Message-ID', async () => {
    const { tenant, change } = await removal(2);
    expect(change.body['confirmationSentTo']).toEqual([tenant.email]);
    const mailer = new SmtpMailer(smtp.url);
    const before = smtp.received.length;
    expect(await deliverMessages(withMailer(mailer))).toMatchObject({ sent: 1, failed: 0 });
    const [arrived] = smtp.received.slice(before);
    expect(arrived?.to).toEqual([tenant.email]);
    const mail = arrived?.mail;
    expect(mail?.subject).toMatch(/^Licence change confirmed: added 2 provider/);
    expect(mail?.from?.text).toContain('billing@physio.example');
    expect(mail?.text).toContain('Change: Added 2 provider');
    expect(mail?.text).toContain('Charged now: US$120.00');
    expect(mail?.text).not.toMatch(/minor units/);
    expect(mail?.text).toContain('(Europe/Zurich)');
    expect(mail?.text).toContain('Alpine Physio, Main clinic');
    expect(mail?.text).toContain('nothing to unsubscribe from');
    expect(mail?.text).toContain('/#/subscription');
    expect(mail?.html).toContain('<table');
    const [row] = await service.store.db
      .selectFrom('messages')
      .selectAll()
      .where('org_id', '=', tenant.orgId)
      .execute();
    expect(mail?.messageId).toBe(`<${row?.id ?? ''}@physio.example>`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    // Nothing due: a second run sends nothing.
    expect(await deliverMessages(withMailer(mailer))).toMatchObject({ sent: 0 });
    await mailer.close();
  });

  it('a server that answers 4xx is tried again later; one that answers 5xx fails it for good', async () => {
    const mailer = new SmtpMailer(smtp.url);
    const { tenant } = await removal(1);
    smtp.refuseWith(451);
    expect(await deliverMessages(withMailer(mailer))).toMatchObject({ retrying: 1 });
    let [row] = await service.store.db
      .selectFrom('messages')
      .selectAll()
      .where('org_id', '=', tenant.orgId)
      .execute();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
    // Later than the retry: a 550 is final.
    smtp.refuseWith(550);
    const later = { ...withMailer(mailer), clock: () => new Date(Date.now() + 120_000) };
    expect(await deliverMessages(later)).toMatchObject({ failed: 1 });
    [row] = await service.store.db
      .selectFrom('messages')
      .selectAll()
      .where('org_id', '=', tenant.orgId)
      .execute();
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    const attempts = await service.store.db
      .selectFrom('message_attempts')
      .selectAll()
      .where('message_id', '=', row?.id ?? '')
      .orderBy('attempt')
      .execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'failed']);
    smtp.refuseWith(null);
    await mailer.close();
  });
});

describe('the local mailbox (no SMTP configured)', () => {
  it('writes each message as an .eml file named by its id; sent again, the same file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'seatledger-mailbox-'));
    try {
      const mailer = new MailboxMailer(directory);
      const { tenant } = await removal(1);
      await deliverMessages(withMailer(mailer));
      const files = readdirSync(directory);
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(join(directory, files[0] ?? '')));
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(tenant.email);
      expect(mail.subject).toMatch(/^Licence change confirmed/);
      expect(mail.html).toContain('Added 1 provider');
      // As after a crash between sending and marking it sent: sent again, one file still.
      await service.store.db
        .updateTable('messages')
        .set({ status: 'pending' })
        .where('org_id', '=', tenant.orgId)
        .execute();
      await deliverMessages(withMailer(mailer));
      expect(readdirSync(directory)).toEqual(files);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
