import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorKey } from '../../src/app/access/operator-keys.js';
import type { AppContext } from '../../src/app/context.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import {
  browserAvailable,
  containsText,
  launchBrowser,
  serveConsoleFor,
  screenshot,
  signedInPage,
} from './browser.js';

const EMAIL = 'dana@peak.example';
const PASSWORD = 'peak-rehab-password';

/** Paying by card in the console (10, 004): a term organisation of its own, on a test clock. */
describe.skipIf(!browserAvailable)('payments in the console (end to end)', () => {
  let store: Store;
  let browser: Browser;
  let base = '';
  let apiKey = '';
  let orgId = '';
  let subscriptionId = '';
  let close: () => Promise<void>;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const context: AppContext = { store, clock: () => new Date() };
    const served = await serveConsoleFor(context, { rateLimits: null });
    base = served.base;
    const signUp = await fetch(`${base}/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Peak Rehab',
        timeZone: 'America/Denver',
        plan: 'annual-term-blocks',
        seats: { user: 5 },
        locations: [{ name: 'Peak Rehab Denver' }],
        owner: { name: 'Dana Peak', email: EMAIL, password: PASSWORD },
        testClock: { startsAt: '2026-02-01T16:00:00Z' },
      }),
    });
    const body = (await signUp.json()) as {
      apiKey: string;
      organizationId: string;
      subscriptionIds: string[];
    };
    if (signUp.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(body)}`);
    apiKey = body.apiKey;
    orgId = body.organizationId;
    subscriptionId = body.subscriptionIds[0] ?? '';
    browser = await launchBrowser();
    close = async () => {
      await browser.close();
      await served.close();
      await store.close();
    };
  }, 120_000);
  afterAll(() => close());

  function signedIn(): Promise<Page> {
    return signedInPage(browser, base, EMAIL, PASSWORD);
  }

  async function purchased(): Promise<number> {
    const response = await fetch(`${base}/v1/subscriptions/${subscriptionId}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as { pools: { purchased: number }[] };
    return body.pools[0]?.purchased ?? 0;
  }

  async function addCard(page: Page, number: string, makeDefault: boolean) {
    await page.goto(`${base}/#/cards`);
    const form = page.getByRole('form', { name: 'Add a card' });
    await form.getByLabel('Card number').fill(number);
    await form.getByLabel('Expiry (MM/YY)').fill('12/30');
    await form.getByLabel('CVC').fill('123');
    if (makeDefault) await form.getByLabel('Make it the default card').check();
    await form.getByRole('button', { name: 'Add card' }).click();
  }

  async function buyBlock(page: Page, card: string) {
    await page.goto(`${base}/#/adjust`);
    await page.getByRole('button', { name: 'More user licences' }).click();
    const preview = page.getByRole('region', { name: 'Cost preview' });
    await containsText(preview, `Paid at once with ${card}`);
    await page.getByRole('button', { name: 'Submit adjustment' }).click();
  }

  it('shows the unpaid first invoice, pays it with a card added in test mode, then buys a block paid at once', async () => {
    const page = await signedIn();
    // Issued at sign-up, charged to a card there was not yet: past due.
    await containsText(page.locator('.banner'), 'An invoice is past due');
    await addCard(page, '4242 4242 4242 4242', false);
    await containsText(page.getByRole('status'), 'visa ending 4242 added as the default');
    await page.goto(`${base}/#/invoices`);
    await page
      .getByRole('link', { name: /^No\. / })
      .first()
      .click();
    const detail = page.getByRole('region', { name: /^Invoice no\./ });
    await detail.getByRole('button', { name: /now with the default card/ }).click();
    await containsText(detail.getByRole('status'), 'Paid');
    await containsText(detail, 'paid');
    // Paid: the banner goes, and the list says so.
    await page.locator('.banner').waitFor({ state: 'detached' });
    const issued = page.getByRole('table', { name: 'Issued invoices, newest first' });
    await containsText(issued.getByRole('row').nth(1), 'paid');
    await screenshot(page, 'invoice-paid');
    const link = await detail.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    const pdf = await page.request.get(`${base}${link ?? ''}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // The vendor corrects it with a credit note refunded to the card: the clinic sees it.
    const invoiceId = /\/v1\/invoices\/([^.]+)\.pdf/.exec(link ?? '')?.[1] ?? '';
    const { key } = await createOperatorKey(store.db, 'Finance', new Date());
    const note = await fetch(`${base}/v1/invoices/${invoiceId}/credit-notes`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'seatledger-organization': orgId,
      },
      body: JSON.stringify({ amount: 1000, reason: 'billing_error', refundTo: 'card' }),
    });
    expect(note.status).toBe(201);
    await page.reload();
    const corrected = page.getByRole('region', { name: /^Invoice no\./ });
    await containsText(
      corrected.getByRole('list', { name: 'Credit notes' }),
      'to the card (refunded)',
    );
    await containsText(corrected, 'Credited');
    const notePdf = await corrected
      .getByRole('link', { name: 'Credit note PDF' })
      .getAttribute('href');
    const noteFile = await page.request.get(`${base}${notePdf ?? ''}`);
    expect(noteFile.headers()['content-type']).toBe('application/pdf');

    await buyBlock(page, 'visa ending 4242');
    await containsText(page.getByRole('status').filter({ hasText: 'Done.' }), 'changed');
    expect(await purchased()).toBe(10);
    await page.goto(`${base}/#/invoices`);
    await containsText(issued.getByRole('row').nth(1), 'paid');
    await page.close();
  });

  it('a declined card adds nothing and says why', async () => {
    const page = await signedIn();
    await addCard(page, '4000 0000 0000 0341', true);
    await containsText(page.getByRole('status'), 'ending 0341 added as the default');
    const before = await purchased();
    await buyBlock(page, 'visa ending 0341');
    await containsText(page.getByRole('alert'), 'Your card was declined');
    expect(await purchased()).toBe(before);
    await screenshot(page, 'purchase-declined');
    await page.close();
  });
});
