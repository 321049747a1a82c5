import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  seedDemo,
  type DemoCredentials,
} from '../../src/app/demo/seed-demo.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import {
  browserAvailable,
  containsText,
  launchBrowser,
  serveConsoleFor,
  screenshot,
  signedInPage,
} from './browser.js';

/** The console in a real Chromium, against the API on an embedded database with the demo data. */
describe.skipIf(!browserAvailable)('admin console (end to end)', () => {
  let store: Store;
  let browser: Browser;
  let base = '';
  let demo: DemoCredentials;
  let close: () => Promise<void>;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const context: AppContext = { store, clock: () => new Date() };
    demo = await seedDemo(context, new Date('2026-11-20T15:00:00Z'));
    const served = await serveConsoleFor(context);
    base = served.base;
    browser = await launchBrowser();
    close = async () => {
      await browser.close();
      await served.close();
      await store.close();
    };
  }, 120_000);
  afterAll(() => close());

  function signedIn(email = DEMO_EMAIL): Promise<Page> {
    return signedInPage(browser, base, email, DEMO_PASSWORD);
  }

  it('signs in and shows each clinic with its licences and next invoice', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(DEMO_EMAIL);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await containsText(page.getByRole('alert'), 'Wrong email or password');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Riverside Downtown' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Riverside North' }).isVisible()).toBe(true);
    await containsText(page.locator('.next-invoice').first(), 'Next invoice on');
    // Unused licences: the exact instant to remove them by, in the zone, and what if missed (12).
    const attention = page.getByRole('list', { name: 'Needs attention' }).first();
    await containsText(attention, 'Remove them before');
    await containsText(attention, 'removed later, they are billed for that cycle too');
    await screenshot(page, 'overview');
    await page.close();
  });

  it('buys licences after reading the quote, then assigns one to a new staff member', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/adjust`);
    await page.getByLabel('Clinic').selectOption({ label: 'Riverside Downtown' });
    await page.getByRole('button', { name: 'More therapist licences' }).click();
    const quote = page.getByRole('region', { name: 'Cost preview' });
    await quote.waitFor();
    await containsText(quote, 'On the next invoice');
    await containsText(quote, '1 x therapist added');
    await page.getByRole('button', { name: 'Submit adjustment' }).click();
    await containsText(
      page.getByRole('status').filter({ hasText: 'Done.' }),
      'Your licences have been changed',
    );
    // The confirmation names who it goes to (001): the person who made it, the billing contact.
    await containsText(
      page.getByRole('status').filter({ hasText: 'Done.' }),
      `A confirmation e-mail is on its way to ${demo.email}`,
    );
    await screenshot(page, 'adjust-licences');

    await page.goto(`${base}/#/staff`);
    const form = page.getByRole('form', { name: 'Add a staff member' });
    await form.getByLabel('Name').fill('Nadia Newhire');
    await form.getByLabel('Email').fill('nadia@riverside.example');
    await form.getByLabel('Clinic').selectOption({ label: 'Riverside Downtown' });
    await form.getByLabel('Licence').selectOption('therapist');
    await form.getByRole('button', { name: 'Add staff member' }).click();
    const row = page.getByRole('row', { name: /Nadia Newhire/ });
    await containsText(row, 'therapist');
    await screenshot(page, 'staff-added');
    await page.close();
  });

  it('deactivates a user: the licence goes back to the pool, still billed (001, 002)', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/staff`);
    await page.getByRole('link', { name: 'Sofia Alvarez' }).click();
    const detail = page.locator('.detail');
    await detail.getByRole('checkbox', { name: 'Active' }).click();
    await containsText(
      detail.getByRole('status').first(),
      'assistant licence is back in the pool: unused, and still billed until removed',
    );
    await expect
      .poll(() => detail.getByRole('checkbox', { name: /^assistant/ }).isChecked())
      .toBe(false);
    // Her clinical permissions needed the licence: they lapsed with it (003).
    const permissions = detail.getByRole('form', { name: 'Permissions' });
    await expect
      .poll(() =>
        permissions
          .getByRole('checkbox', { name: /Access and write clinical documentation/ })
          .isChecked(),
      )
      .toBe(false);
    await screenshot(page, 'staff-released');
    await page.close();
  });

  it('changes permissions with the logout warning when the user is signed in', async () => {
    const priya = await signedIn('priya@riverside.example');
    const page = await signedIn();
    await page.goto(`${base}/#/staff`);
    await page.getByRole('link', { name: 'Priya Raman' }).click();
    const permissions = page.getByRole('form', { name: 'Permissions' });
    await containsText(permissions, 'Saving signs Priya Raman out');
    // Hints name the licences this plan sells (12): therapist or assistant, never "provider".
    await containsText(permissions, 'needs a therapist or assistant licence');
    expect(await permissions.textContent()).not.toContain('needs a provider licence');
    await permissions.getByRole('checkbox', { name: /Enter basic client information/ }).click();
    await permissions.getByRole('button', { name: 'Save permissions' }).click();
    const confirm = page.getByRole('alertdialog');
    await containsText(confirm, 'Priya Raman is signed in now');
    await confirm.getByRole('button', { name: 'Sign them out and save' }).click();
    await containsText(permissions.getByRole('status'), 'was signed out');
    await screenshot(page, 'permissions');
    await priya.reload();
    await priya.getByRole('heading', { name: 'Sign in to Seatledger' }).waitFor();
    await priya.close();
    await page.close();
  });

  it('releases unused licences from the health check', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/health`);
    const north = page.getByRole('region', { name: 'Riverside North' });
    await containsText(north, 'Remove unused licences by');
    await north.getByLabel('Please explain').fill('Not needed since the September restructure');
    await north.getByRole('button', { name: /^Release \d+ licences?$/ }).click();
    await containsText(north.getByRole('status'), 'released, effective').catch(
      async (error: unknown) => {
        throw new Error(`${String(error)}\n${await north.innerText()}`);
      },
    );
    await screenshot(page, 'health-check');
    await page.close();
  });

  it('invoices pending charges now', async () => {
    const subscriptions = (await (
      await fetch(`${base}/v1/subscriptions`, {
        headers: { authorization: `Bearer ${demo.apiKey}` },
      })
    ).json()) as { id: string }[];
    const [first] = subscriptions;
    if (!first) throw new Error('no subscription');
    const bought = await fetch(`${base}/v1/subscriptions/${first.id}/licence-changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'add', seats: { assistant: 1 } }),
    });
    expect(await bought.json()).toMatchObject({ outcome: 'applied' });
    const page = await signedIn();
    await page.goto(`${base}/#/invoices`);
    const upcoming = page.getByRole('region', { name: /^Upcoming invoice/ }).first();
    // The upcoming invoice says its subtotal, the credit applied and its total (12).
    await containsText(upcoming.getByRole('definition').first(), '$');
    await containsText(upcoming, 'Credit applied');
    const button = page.getByRole('button', { name: 'Invoice pending charges now' }).first();
    await button.click();
    // What was issued, with its amount and a link to it, never "Invoiced $0.00" (12).
    const issued = page.getByRole('status').filter({ hasText: 'Issued' }).first();
    await containsText(issued, 'invoice no.');
    expect(await issued.textContent()).not.toContain('$0.00');
    await issued.getByRole('link', { name: /^invoice no\. \d+$/ }).click();
    await page.getByRole('region', { name: /^Invoice no\./ }).waitFor();
    await screenshot(page, 'invoices');
    await page.close();
  });

  it('by keyboard: a staff member opens with focus in the panel, Escape closes it, pages take focus', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/staff`);
    const link = page.getByRole('link', { name: 'Marcus Chen' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Marcus Chen/ }).waitFor();
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
      .toBe('staff-detail-title');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: /^Marcus Chen/ }).waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.textContent'))
      .toContain('Marcus Chen');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Invoices' })
      .focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.id'))
      .toBe('main');
    await page.close();
  });

  it('a member without billing or staff permissions sees what they may, and no raw 403 (12)', async () => {
    const page = await signedIn('hannah@riverside.example');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain('Overview');
    for (const hidden of ['Invoices', 'Audit log', 'Adjust licences', 'Cards', 'Staff']) {
      expect(links).not.toContain(hidden);
    }
    await containsText(
      page.getByRole('region', { name: 'Your access' }),
      'Your licences: assistant',
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.goto(`${base}/#/audit`);
    await containsText(page.getByRole('status'), 'Your permissions do not include this page');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('inside the pages they may open, people see only the controls they may use (12)', async () => {
    // Liam manages staff, not licences: the staff panel lets him change status and the
    // permissions he holds, and says who can change licences.
    const liam = await signedIn('liam@riverside.example');
    await liam.goto(`${base}/#/staff`);
    const add = liam.getByRole('form', { name: 'Add a staff member' });
    await add.waitFor();
    expect(await add.getByLabel('Licence').count()).toBe(0);
    await liam.getByRole('link', { name: 'Omar' }).first().click();
    const panel = liam.locator('section.detail');
    await containsText(panel, 'Only people who manage licences can give or take back a licence');
    const licenceBoxes = panel.locator('fieldset.licences input[type=checkbox]');
    expect(await licenceBoxes.count()).toBeGreaterThan(0);
    for (const box of await licenceBoxes.all()) expect(await box.isDisabled()).toBe(true);
    const billing = panel.getByRole('checkbox', { name: /Billing without documentation/ });
    expect(await billing.isDisabled()).toBe(true);
    await containsText(panel, 'you do not hold it, so cannot give it');
    expect(
      await panel.getByRole('checkbox', { name: /Calendar and appointments/ }).isDisabled(),
    ).toBe(false);
    await liam.close();

    // Grace reads billing only: no release, no invoice now, no saving who gets what.
    const grace = await signedIn('grace@riverside.example');
    await grace.goto(`${base}/#/health`);
    await containsText(grace.locator('main'), 'Only people who manage licences can release');
    expect(await grace.getByRole('button', { name: /^Release/ }).count()).toBe(0);
    await grace.goto(`${base}/#/notifications`);
    await containsText(
      grace.locator('main'),
      'Only people who manage billing can change who gets what',
    );
    expect(await grace.locator('#billing-email').isDisabled()).toBe(true);
    await containsText(
      grace.locator('main'),
      'Only people who may read the audit log can see the mail log',
    );
    expect(await grace.getByRole('alert').count()).toBe(0);
    await grace.close();

    // Marcus manages licences: he may release, but not pay or renew.
    const marcus = await signedIn('marcus@riverside.example');
    await marcus.goto(`${base}/#/health`);
    await marcus.getByRole('heading', { name: 'Health check' }).waitFor();
    expect(await marcus.getByText('Only people who manage licences').count()).toBe(0);
    await marcus.goto(`${base}/#/subscription`);
    await marcus.getByRole('heading', { name: 'Subscription' }).waitFor();
    expect(await marcus.getByRole('alert').count()).toBe(0);
    await marcus.close();
  });

  it('renews a term contract in its window with new quantities, after a preview (004)', async () => {
    const page = await signedIn('morgan@summit.example');
    await page.goto(`${base}/#/adjust`);
    await containsText(page.locator('.notice.warning').first(), 'The renewal window is open');
    await page.goto(`${base}/#/subscription`);
    const renewal = page.getByRole('region', { name: 'Renewal' });
    await containsText(renewal, 'The renewal window is open');
    await renewal.getByLabel(/^user/).fill('20');
    // The two terms side by side, priced (12): the next term's quantities as chosen.
    const compared = renewal.getByRole('table', { name: /This term and the next/ });
    await containsText(compared, '20 ×');
    await renewal.getByRole('button', { name: 'Preview renewal' }).click();
    const preview = page.getByRole('region', { name: 'Renewal preview' });
    await containsText(preview, '20 x user');
    await renewal.getByRole('button', { name: 'Renew now' }).click();
    await containsText(renewal.getByRole('status'), 'Renewed. The new term starts on');
    await screenshot(page, 'renewal');
    await page.close();
  });

  it('shows the charts, the subscription and the audit log, and works at 375 px', async () => {
    const page = await signedIn();
    for (const [path, heading] of [
      ['charts', 'Charts'],
      ['subscription', 'Subscription'],
      ['audit', 'Audit log'],
    ] as const) {
      await page.goto(`${base}/#/${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, path);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/#/overview`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Health check' }).click();
    await page.getByRole('heading', { name: /Health check/ }).waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(page, 'mobile-health-check');
    // A staff member's page at 375 px: nothing scrolls sideways, the panel is on screen (12).
    await page.goto(`${base}/#/staff`);
    await page.getByRole('link', { name: 'Marcus Chen' }).click();
    const panel = page.getByRole('region', { name: /^Marcus Chen/ });
    await panel.waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const box = await panel.boundingBox();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
    await screenshot(page, 'mobile-staff-detail');
    await page.close();
  });

  it('cancels a subscription after a preview of what it credits and still invoices (12)', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/subscription`);
    const form = page.getByRole('form', { name: 'Cancel the subscription' });
    await form.getByRole('button', { name: 'Preview the cancellation' }).click();
    const preview = form.getByRole('region', { name: 'If you cancel' });
    await containsText(preview, 'Credited');
    await form.getByRole('button', { name: /^Cancel the subscription on / }).click();
    await containsText(
      page.getByRole('region', { name: 'Cancellation' }),
      'This subscription ends on',
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('reads the audit log in words, finds a person by name, and downloads CSV exports (12)', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/audit`);
    await page.getByLabel('Person').fill('Sofia');
    const entries = page.getByRole('region', { name: 'Audit entries, scrolls sideways' });
    await containsText(entries, 'Dana Whitfield made Sofia Alvarez inactive');
    expect(await entries.getByText(/stf_/).count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the audit log (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/audit-log\.csv$/);
    await page.goto(`${base}/#/staff`);
    const [staff] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download staff and licences (CSV)' }).click(),
    ]);
    const path = await staff.path();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\r\n')[0]).toBe('name,email,clinic,status,owner,licences,permissions');
    expect(text).toContain('Sofia Alvarez,sofia@riverside.example,Riverside Downtown,inactive');
    await page.close();
  });
});
