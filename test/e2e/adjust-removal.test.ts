import { describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/app/demo/seed-demo.js';
import { browserAvailable, containsText, demoSuite, screenshot, signedInPage } from './browser.js';

/**
 * Removing licences in the console (12, 001): the preview works before a reason is given,
 * says what the write still needs, re-runs when the reason and explanation are given, and no
 * stale error stays once the change is done; a scheduled removal can be cancelled.
 */
describe.skipIf(!browserAvailable)('a licence removal with its reason (end to end)', () => {
  const suite = demoSuite();

  it('previews a removal, asks for the reason, re-runs with it, and submits', async () => {
    const page = await signedInPage(suite.browser, suite.base, DEMO_EMAIL, DEMO_PASSWORD);
    await page.goto(`${suite.base}/#/adjust`);
    await page.getByLabel('Clinic').selectOption({ label: 'Riverside Downtown' });
    await page.getByRole('button', { name: 'Fewer assistant licences' }).click();
    // The preview works without a reason: a removal here is scheduled for the next cycle.
    const preview = page.getByRole('region', { name: 'Cost preview' });
    await containsText(preview, 'Scheduled from');
    const needed = page.getByRole('note', { name: 'Still needed' });
    await containsText(needed, 'Removals need a reason');
    await containsText(needed, 'explanation');
    const submit = page.getByRole('button', { name: 'Submit adjustment' });
    expect(await submit.isDisabled()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByLabel('Reason').selectOption('unused');
    await page.getByLabel(/Please explain/).fill('The third assistant left in October');
    await needed.waitFor({ state: 'detached' });
    await submit.click();
    const done = page.getByRole('status').filter({ hasText: 'Done.' });
    await containsText(done, 'Your change takes effect on');
    expect(await page.getByRole('alert').count()).toBe(0);
    // The form starts again from where the licences are heading, and says what is scheduled:
    // it does not offer the same removal again (12).
    await containsText(
      page.getByRole('note', { name: 'Scheduled changes' }),
      '1 assistant removed on',
    );
    await expect.poll(() => page.locator('#qty-assistant').inputValue()).toBe('2');
    await containsText(
      page.locator('.stepper').filter({ hasText: 'assistant' }),
      'now 3, 2 once scheduled removals take effect',
    );
    expect(await submit.isDisabled()).toBe(true);
    await screenshot(page, 'removal-with-reason');
    await page.close();
  });

  it('cancels the scheduled removal: the licences are kept and the form starts from them', async () => {
    const page = await signedInPage(suite.browser, suite.base, DEMO_EMAIL, DEMO_PASSWORD);
    await page.goto(`${suite.base}/#/adjust`);
    await page.getByLabel('Clinic').selectOption({ label: 'Riverside Downtown' });
    const scheduled = page.getByRole('note', { name: 'Scheduled changes' });
    await scheduled.getByRole('button', { name: 'Cancel this removal' }).click();
    await containsText(scheduled, 'Nothing is charged now');
    await scheduled.getByRole('button', { name: 'Yes, keep 1 assistant' }).click();
    await containsText(
      page.getByRole('status'),
      'The removal of 1 assistant licences is cancelled. A confirmation e-mail is on its way to',
    );
    await scheduled.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('#qty-assistant').inputValue()).toBe('3');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
