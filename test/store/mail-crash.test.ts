import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMessage } from '../../src/app/notifications/queue-message.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');
const MESSAGES = 120;

/** `seatledger deliver` in a process of its own; killed with SIGKILL once `killWhen` says so. */
function deliver(url: string, smtpUrl: string, killWhen: (() => boolean) | null) {
  return new Promise<{ code: number | null; killed: boolean }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'deliver'], {
      env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtpUrl, MAIL_LEASE_SECONDS: '1' },
      stdio: 'ignore',
    });
    const poll = setInterval(() => {
      if (killWhen?.()) child.kill('SIGKILL');
    }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, killed: signal === 'SIGKILL' });
    });
  });
}

describe.skipIf(!postgresUrl)('a delivery worker killed part-way through', () => {
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(`mail_crash_${process.pid}`));
    store = await openStore({ databaseUrl: url });
    smtp = await startSmtpReceiver(15);
    const at = new Date();
    await store.db
      .insertInto('organizations')
      .values({
        id: 'org_mail',
        name: 'Mail Clinic',
        time_zone: 'UTC',
        currency: 'USD',
        owner_staff_id: null,
        test_clock_at: null,
        created_at: at,
      })
      .execute();
    for (let i = 0; i < MESSAGES; i++) {
      await queueMessage(store.db, {
        orgId: 'org_mail',
        kind: 'licence_change',
        to: { email: `person${i}@clinic.example`, name: null },
        subject: `Message ${i}`,
        text: `Message ${i}`,
        html: '',
        at,
      });
    }
  }, 60_000);

  afterAll(async () => {
    await smtp.close();
    await store.close();
    await drop();
  });

  it('loses nothing; what was sent twice carries one Message-ID, and every message ends sent', async () => {
    const killed = await deliver(url, smtp.url, () => smtp.received.length >= 30);
    expect(killed.killed).toBe(true);
    expect(smtp.received.length).toBeLessThan(MESSAGES);
    // The killed worker's lease ends; the next one takes over what it held.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await deliver(url, smtp.url, null)).toMatchObject({ code: 0 });
    const rows = await sql<{ id: string; status: string }>`
      select id, status from messages`.execute(store.db);
    expect(rows.rows.every((row) => row.status === 'sent')).toBe(true);
    const ids = new Set(rows.rows.map((row) => `<${row.id}@seatledger.localhost>`));
    const arrived = smtp.received.map((message) => message.mail.messageId ?? '');
    // Every message arrived; a duplicate is one a receiver recognises by its Message-ID.
    expect(new Set(arrived)).toEqual(ids);
    const duplicates = arrived.length - new Set(arrived).size;
    expect(duplicates).toBeLessThanOrEqual(1);
    for (const message of smtp.received) {
      expect(message.mail.subject).toBe(`Message ${/person(\d+)@/.exec(message.to[0] ?? '')?.[1]}`);
    }
  }, 60_000);
});
