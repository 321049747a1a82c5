import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorKey } from '../../src/app/access/operator-keys.js';
import type { AppContext } from '../../src/app/context.js';
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

const EMAIL = 'zsofia@balaton.example';
const PASSWORD = 'balaton-physio-password';

/**
 * Money in a currency whose decimals the browser's Intl and ISO 4217 disagree on (12): HUF has
 * two minor digits by ISO 4217 (the engine's), none by Intl. The console must show what the
 * server invoiced, not 100 times more.
 */
describe.skipIf(!browserAvailable)('money in every currency, in the console', () => {
  let store: Store;
  let browser: Browser;
  let base = '';
  let close: () => Promise<void>;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const context: AppContext = { store, clock: () => new Date() };
    const served = await serveConsoleFor(context, { rateLimits: null });
    base = served.base;
    const { key } = await createOperatorKey(store.db, 'Catalog', new Date());
    const operator = async (path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${path}: ${await response.text()}`);
    };
    await operator('/v1/operator/plans', {
      id: 'huf-monthly',
      name: 'Havi csomag',
      definition: {
        currency: 'HUF',
        interval: 'month',
        licenceTypes: { provider: { unitAmount: 150000 } },
        licenceRoles: { provider: ['provider'] },
      },
    });
    await operator('/v1/operator/plans/huf-monthly/versions/1/publish', {});
    await signUpOrganization(base, {
      name: 'Balaton Physio',
      timeZone: 'Europe/Budapest',
      plan: 'huf-monthly',
      seats: { provider: 2 },
      locations: [{ name: 'Siófok' }],
      owner: { name: 'Zsófia Kovács', email: EMAIL, password: PASSWORD },
    });
    browser = await launchBrowser();
    close = async () => {
      await browser.close();
      await served.close();
      await store.close();
    };
  }, 120_000);
  afterAll(() => close());

  it('shows a HUF invoice of 2 x 1,500.00 as 3,000.00, as the server invoiced it', async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    const organization = await page.request.get(`${base}/v1/organization`);
    expect(await organization.json()).toMatchObject({ currency: 'HUF', currencyExponent: 2 });
    await page.goto(`${base}/#/invoices`);
    const issued = page.getByRole('table', { name: 'Issued invoices, newest first' });
    await containsText(issued, '3,000.00');
    expect(await issued.textContent()).not.toContain('300,000');
    await screenshot(page, 'huf-invoices');
    await page.close();
  });

  it("draws a new organisation's licences as a line, in steps (12)", async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    await page.goto(`${base}/#/charts`);
    const line = page.locator('figure.chart polyline').first();
    await line.waitFor({ state: 'attached' });
    const points = ((await line.getAttribute('points')) ?? '')
      .split(' ')
      .map((pair) => pair.split(',').map(Number));
    // One month already draws a segment; every segment is level (a step, never a diagonal).
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i + 1 < points.length; i += 2) {
      expect(points[i]?.[1]).toBe(points[i + 1]?.[1]);
    }
    await page.close();
  });
});
