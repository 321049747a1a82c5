import { describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/app/demo/seed-demo.js';
import { browserAvailable, containsText, demoSuite, signedInPage } from './browser.js';

/**
 * "A member left" as one action in the console (12, 001): previewed with the removal priced
 * as if their licence were already free, then done: inactive, licence back, removal recorded.
 */
describe.skipIf(!browserAvailable)('a member left (end to end)', () => {
  const suite = demoSuite();

  it('previews and records a departure with the removal of the licence', async () => {
    const page = await signedInPage(suite.browser, suite.base, DEMO_EMAIL, DEMO_PASSWORD);
    await page.goto(`${suite.base}/#/staff`);
    await page.getByRole('link', { name: 'Sofia Alvarez' }).click();
    await page.getByRole('button', { name: 'Sofia Alvarez left…' }).click();
    const panel = page.getByRole('region', { name: 'Sofia Alvarez left' });
    await containsText(panel, 'will be made inactive and signed out');
    // Priced as if his licence were free already: no "release first" refusal.
    await containsText(panel.getByRole('region', { name: 'Removing their licences' }), 'Credited');
    expect(await panel.getByRole('alert').count()).toBe(0);
    await panel.getByLabel('Explanation (optional)').fill('Moved away');
    await panel.getByRole('button', { name: 'Confirm: Sofia Alvarez left' }).click();
    await containsText(page.getByRole('status'), 'Sofia Alvarez is now inactive and signed out.');
    await containsText(page.locator('section.detail'), 'Their licences');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
