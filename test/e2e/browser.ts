import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { AppContext } from '../../src/app/context.js';
import { consoleDirectory, serveConsole } from '../../src/http/console-files.js';
import { buildServer, type ServerOptions } from '../../src/http/server.js';
import { seedDemo } from '../../src/app/demo/seed-demo.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium; CI sets REQUIRE_BROWSER=1 so that a missing one fails the run. */
export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath);
if (process.env['REQUIRE_BROWSER'] === '1' && !browserAvailable) {
  throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath}`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const shots = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Each test ends by saving a picture of the page it ends on. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/**
 * Wait until a locator's text contains `text` (playwright-core has no expect of its own). The
 * suite runs beside the PostgreSQL suites on two cores: a generous wait, not a slow page.
 */
export async function containsText(
  locator: Locator,
  text: string,
  timeout = 20_000,
): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
}

/** A new page signed in to the console as this person, on the Overview. */
export async function signedInPage(
  browser: Browser,
  base: string,
  email: string,
  password: string,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${base}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return page;
}

/** The API and the built console on a free port of loopback: its address and how to stop it. */
export async function serveConsoleFor(
  context: AppContext,
  options: ServerOptions = {},
): Promise<{ base: string; close: () => Promise<void> }> {
  const directory = consoleDirectory();
  if (!directory) throw new Error('The console is not built: run npm run build first');
  const app = await buildServer(context, {
    ...options,
    extend: (server) => serveConsole(server, directory),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: () => app.close(),
  };
}

/**
 * A demo-seeded console on an embedded database, a browser, and how to stop all three: the
 * setup of the suites that sign in as the demo's people.
 */
export async function demoConsole(): Promise<{
  base: string;
  browser: Browser;
  store: Store;
  close: () => Promise<void>;
}> {
  const store = await openStore({ dataDir: 'memory://' });
  const context: AppContext = { store, clock: () => new Date() };
  await seedDemo(context, new Date('2026-11-20T15:00:00Z'));
  const served = await serveConsoleFor(context);
  const browser = await launchBrowser();
  return {
    base: served.base,
    browser,
    store,
    close: async () => {
      await browser.close();
      await served.close();
      await store.close();
    },
  };
}

/**
 * A browser suite on the demo console: started before the suite's tests, closed after. Its
 * fields are read in the tests (they are set once the suite has started).
 */
export function demoSuite(): { base: string; browser: Browser; store: Store } {
  const suite = {} as { base: string; browser: Browser; store: Store };
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const demo = await demoConsole();
    Object.assign(suite, { base: demo.base, browser: demo.browser, store: demo.store });
    close = demo.close;
  }, 120_000);
  afterAll(() => close());
  return suite;
}

/** Sign up an organisation through the API; its answer, or the refusal thrown. */
export async function signUpOrganization(
  base: string,
  body: Readonly<Record<string, unknown>>,
): Promise<{ apiKey: string; organizationId: string; subscriptionIds: string[] }> {
  const response = await fetch(`${base}/v1/organizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${await response.text()}`);
  return (await response.json()) as {
    apiKey: string;
    organizationId: string;
    subscriptionIds: string[];
  };
}
