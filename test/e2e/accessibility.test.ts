import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/app/demo/seed-demo.js';
import { browserAvailable, demoSuite, signedInPage } from './browser.js';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it stands. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the browser's debugging protocol: the console's CSP allows no inline script.
  await page.evaluate(axeSource);
  const found = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as Violation[];
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** Every page of the console, checked with axe-core (12): no serious or critical violation. */
describe.skipIf(!browserAvailable)('accessibility of the console (axe-core)', () => {
  const suite = demoSuite();

  it('the sign-in page and every page of the console', async () => {
    const anonymous = await suite.browser.newPage();
    await anonymous.goto(`${suite.base}/`);
    await anonymous.getByRole('button', { name: 'Sign in' }).waitFor();
    const found: string[] = (await violations(anonymous)).map((v) => `sign-in: ${v}`);
    await anonymous.close();
    const page = await signedInPage(suite.browser, suite.base, DEMO_EMAIL, DEMO_PASSWORD);
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of [
        'overview',
        'staff',
        'adjust',
        'subscription',
        'invoices',
        'cards',
        'health',
        'charts',
        'audit',
        'organisation',
        'notifications',
        'webhooks',
        'requests',
      ]) {
        await page.goto(`${suite.base}/#/${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForTimeout(300);
        found.push(...(await violations(page)).map((v) => `${path} at ${width} px: ${v}`));
      }
    }
    await page.close();
    expect(found).toEqual([]);
  }, 120_000);
});
