import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { StripeGateway } from '../../src/payments/stripe-gateway.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { FAKE_STRIPE_JS } from '../support/fake-stripe-js.js';
import {
  browserAvailable,
  containsText,
  launchBrowser,
  serveConsoleFor,
  screenshot,
  signedInPage,
  signUpOrganization,
} from './browser.js';

const EMAIL = 'sam@harbour.example';
const PASSWORD = 'harbour-physio-password';

/**
 * The console's card form when cards go to Stripe (10): Stripe's card element, loaded from
 * js.stripe.com (served here by a stand-in, as Stripe's API is by a local server).
 */
describe.skipIf(!browserAvailable)('a card added through Stripe.js (end to end)', () => {
  let store: Store;
  let stripeApi: FakeStripe;
  let browser: Browser;
  let base = '';
  let close: () => Promise<void>;

  beforeAll(async () => {
    stripeApi = await startFakeStripe('sk_test_local');
    store = await openStore({ dataDir: 'memory://' });
    const context: AppContext = {
      store,
      clock: () => new Date(),
      gateway: new StripeGateway({
        secretKey: 'sk_test_local',
        apiBase: stripeApi.url,
        publishableKey: 'pk_test_local',
      }),
    };
    const served = await serveConsoleFor(context, { rateLimits: null });
    base = served.base;
    await signUpOrganization(base, {
      name: 'Harbour Physio',
      timeZone: 'Europe/London',
      plan: 'per-provider',
      seats: { provider: 2, admin: 1 },
      locations: [{ name: 'Harbour Physio Leith' }],
      owner: { name: 'Sam Harbour', email: EMAIL, password: PASSWORD },
    });
    browser = await launchBrowser();
    close = async () => {
      await browser.close();
      await served.close();
      await store.close();
      await stripeApi.close();
    };
  }, 120_000);
  afterAll(() => close());

  it("takes the card in Stripe's element; a declined one is refused with Stripe's reason", async () => {
    const page = await signedInPage(browser, base, EMAIL, PASSWORD);
    await page.route('https://js.stripe.com/**', (route) =>
      route.fulfill({ contentType: 'application/javascript', body: FAKE_STRIPE_JS }),
    );
    // The console's page allows Stripe.js (because cards go to Stripe).
    const consolePage = await fetch(`${base}/`);
    expect(consolePage.headers.get('content-security-policy')).toContain(
      "script-src 'self' https://js.stripe.com",
    );
    await page.goto(`${base}/#/cards`);
    const form = page.getByRole('form', { name: 'Add a card' });
    // No test-mode form: no field of ours takes a card number.
    expect(await form.getByLabel('Card number').count()).toBe(0);
    const element = form.getByLabel('Card details');
    await element.fill('4000 0000 0000 0002');
    await form.getByRole('button', { name: 'Add card' }).click();
    await containsText(form.getByRole('alert'), 'Your card was declined.');
    await element.fill('4242 4242 4242 4242');
    await form.getByRole('button', { name: 'Add card' }).click();
    await containsText(form, 'visa ending 4242 added as the default.');
    await containsText(page.locator('.cards'), 'visa ending 4242');
    await screenshot(page, 'stripe-card-added');
    await element.fill('1234');
    await form.getByRole('button', { name: 'Add card' }).click();
    await containsText(form.getByRole('alert'), 'Your card number is invalid.');
    await page.close();
  });
});
