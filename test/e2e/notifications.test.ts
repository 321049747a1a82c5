import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { runDelivery } from '../../src/app/notifications/run-delivery.js';
import { MailboxMailer } from '../../src/mail/mailbox-mailer.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import {
  browserAvailable,
  containsText,
  launchBrowser,
  screenshot,
  serveConsoleFor,
  signedInPage,
  signUpOrganization,
} from './browser.js';

const EMAIL = 'maya@harbourside.example';
const PASSWORD = 'harbourside-password';

/** Invitations, password resets, notification preferences and webhooks in the console (11). */
describe.skipIf(!browserAvailable)('telling people, in the console (end to end)', () => {
  let store: Store;
  let browser: Browser;
  let context: AppContext;
  let base = '';
  let mailbox = '';
  let receiver: Server;
  let receiverUrl = '';
  const received: string[] = [];
  let close: () => Promise<void>;

  beforeAll(async () => {
    mailbox = mkdtempSync(join(tmpdir(), 'seatledger-e2e-mail-'));
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks).toString());
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    store = await openStore({ dataDir: 'memory://' });
    context = {
      store,
      clock: () => new Date(),
      mailer: new MailboxMailer(mailbox),
      allowPrivateWebhooks: true,
    };
    const served = await serveConsoleFor(context, { rateLimits: null });
    base = served.base;
    await signUpOrganization(base, {
      name: 'Harbourside Therapy',
      timeZone: 'Australia/Sydney',
      plan: 'per-provider',
      seats: { provider: 3, admin: 1 },
      locations: [{ name: 'Harbourside Manly' }],
      owner: { name: 'Maya Harbour', email: EMAIL, password: PASSWORD },
    });
    browser = await launchBrowser();
    close = async () => {
      await browser.close();
      await served.close();
      await store.close();
      await new Promise((resolve) => receiver.close(resolve));
      rmSync(mailbox, { recursive: true, force: true });
    };
  }, 120_000);
  afterAll(() => close());

  /** The delivery worker's pass, then the newest message to `to` in the local mailbox. */
  async function mailTo(to: string) {
    await runDelivery(context);
    const mails = await Promise.all(
      readdirSync(mailbox).map((file) => simpleParser(readFileSync(join(mailbox, file)))),
    );
    return mails
      .filter((mail) => (mail.to && 'text' in mail.to ? mail.to.text : '').includes(to))
      .sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0))
      .at(-1);
  }

  it('invites a new member, who sets a password from the e-mail and signs in', async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    await page.goto(`${base}/#/staff`);
    const form = page.getByRole('form', { name: 'Add a staff member' });
    await form.getByLabel('Name').fill('Noah Newhire');
    await form.getByLabel('Email').fill('noah@harbourside.example');
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await containsText(
      form.getByRole('status'),
      'An invitation to set a password is on its way to noah@harbourside.example',
    );
    // The form is ready for the next person (12).
    expect(await form.getByLabel('Name').inputValue()).toBe('');
    expect(await form.getByLabel('Email').inputValue()).toBe('');
    const invitation = await mailTo('noah@harbourside.example');
    // The link's host is PUBLIC_URL's (here the default): its path is opened on this server.
    const path =
      /https?:\/\/[^/\s]+(\/#\/set-password\/\S+)/.exec(invitation?.text ?? '')?.[1] ?? '';
    expect(path).toMatch(/^\/#\/set-password\/inv_/);
    const fresh = await browser.newPage();
    await fresh.goto(`${base}${path}`);
    await fresh.getByLabel('New password').fill('noah-new-password-1');
    await fresh.getByLabel('The same again').fill('noah-new-password-1');
    await fresh.getByRole('button', { name: 'Set password' }).click();
    await containsText(fresh.getByRole('status'), 'noah@harbourside.example can now sign in');
    await fresh.close();
    const noah = await signedInPage(
      browser,
      base,
      'noah@harbourside.example',
      'noah-new-password-1',
    );
    await noah.close();
    await page.close();
  });

  it('asks for a reset link from the sign-in page without saying whether the address exists', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email for the reset link').fill('nobody@harbourside.example');
    await page.getByRole('button', { name: 'Send a reset link' }).click();
    await containsText(page.getByRole('status'), 'If an account uses this address');
    await page.close();
  });

  it('sets the billing contact and who gets what; the mail log shows what was sent', async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    await page.goto(`${base}/#/notifications`);
    await page
      .getByLabel('Billing contact (empty: the account owner)')
      .fill('accounts@harbourside.example');
    await page.getByLabel('Invoices issued (with the PDF): Account owner').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await containsText(page.getByRole('status'), 'Saved.');
    await page.reload();
    await containsText(
      page.getByRole('table', { name: 'E-mail sent to your people, newest first' }),
      'noah@harbourside.example',
    );
    await screenshot(page, 'notifications');
    await page.close();
  });

  it('adds a webhook endpoint, shows its secret and the signed deliveries, and sends one again', async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    await page.goto(`${base}/#/webhooks`);
    const add = page.getByRole('form', { name: 'Add a webhook endpoint' });
    await add.getByLabel('URL').fill(receiverUrl);
    await add.getByLabel('licence.assigned').check();
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await containsText(add.getByRole('status'), 'Its signing secret is whsec_');
    // Something happens: a licence is assigned to the owner's new colleague.
    await page.goto(`${base}/#/staff`);
    const form = page.getByRole('form', { name: 'Add a staff member' });
    await form.getByLabel('Name').fill('Pia Provider');
    await form.getByLabel('Email').fill('pia@harbourside.example');
    await form.getByLabel('Licence').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await containsText(form.getByRole('status'), 'Pia Provider was added');
    await runDelivery(context);
    expect(received.some((body) => body.includes('"type":"licence.assigned"'))).toBe(true);
    await page.goto(`${base}/#/webhooks`);
    const card = page.getByRole('region', { name: `Webhook endpoint ${receiverUrl}` });
    await containsText(card.getByRole('table', { name: 'Deliveries, newest first' }), 'succeeded');
    await card.getByRole('button', { name: 'Send licence.assigned again' }).click();
    await containsText(card.getByRole('status'), 'licence.assigned will be sent again');
    const before = received.length;
    await runDelivery(context);
    expect(received.length).toBe(before + 1);
    await screenshot(page, 'webhooks');
    await page.close();
  });

  it('opens a clinic and manages API keys from the console (12)', async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    await page.goto(`${base}/#/organisation`);
    const open = page.getByRole('form', { name: 'Open a clinic' });
    await open.getByLabel("New clinic's name").fill('Harbourside Bondi');
    await open.getByRole('button', { name: 'Open clinic' }).click();
    await containsText(open.getByRole('status'), 'Harbourside Bondi is open');
    await containsText(page.getByRole('list', { name: 'Clinics' }), 'Harbourside Bondi');
    const keys = page.getByRole('form', { name: 'Create an API key' });
    await keys.getByLabel('Name').fill('Rostering system');
    await keys.getByRole('button', { name: 'Create key' }).click();
    await containsText(keys.getByRole('status'), 'shown once: sk_');
    const key = /shown once: (sk_\S+)/.exec(
      (await keys.getByRole('status').textContent()) ?? '',
    )?.[1];
    const works = await fetch(`${base}/v1/invoices`, {
      headers: { authorization: `Bearer ${key ?? ''}` },
    });
    expect(works.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke Rostering system' }).click();
    await page
      .getByRole('button', { name: 'Revoke Rostering system' })
      .waitFor({ state: 'detached' });
    await expect
      .poll(
        async () =>
          (
            await fetch(`${base}/v1/invoices`, {
              headers: { authorization: `Bearer ${key ?? ''}` },
            })
          ).status,
        { timeout: 15_000 },
      )
      .toBe(401);
    await page.close();
  });
});
