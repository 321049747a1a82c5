import { describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/app/demo/seed-demo.js';
import { browserAvailable, containsText, demoSuite, screenshot, signedInPage } from './browser.js';

/**
 * Requests and approvals in the console (12, 001): a member without licence management asks
 * for more licences; a licence manager sees it waiting with what approving costs now, and
 * approves; the member sees the decision.
 */
describe.skipIf(!browserAvailable)('requests and approvals (end to end)', () => {
  const suite = demoSuite();

  it('a member asks, a licence manager approves after reading the cost, the member sees it', async () => {
    const hannah = await signedInPage(
      suite.browser,
      suite.base,
      'hannah@riverside.example',
      DEMO_PASSWORD,
    );
    await hannah.goto(`${suite.base}/#/requests`);
    const form = hannah.getByRole('form', { name: 'Ask for licences' });
    await form.getByLabel('What do you need?').selectOption('add');
    await form.getByLabel('Clinic').selectOption({ label: 'Riverside Downtown' });
    await form.getByLabel('Licence').selectOption('therapist');
    await form.getByLabel('Why (optional)').fill('Our new therapist starts Monday');
    await form.getByRole('button', { name: 'Send request' }).click();
    await containsText(form.getByRole('status'), 'Your request to add 1 therapist is waiting');
    const mine = hannah.getByRole('region', { name: 'Requests, scrolls sideways' });
    await containsText(mine, 'waiting');
    expect(await hannah.getByRole('heading', { name: /Waiting for a decision/ }).count()).toBe(0);

    const marcus = await signedInPage(
      suite.browser,
      suite.base,
      'marcus@riverside.example',
      DEMO_PASSWORD,
    );
    // The overview tells a licence manager something waits for them.
    await containsText(marcus.getByRole('status'), 'One request is waiting for your decision');
    await marcus.goto(`${suite.base}/#/requests`);
    const card = marcus.getByRole('article', { name: /Hannah Weiss asks to add 1 therapist/ });
    await containsText(card, 'Our new therapist starts Monday');
    await containsText(card.getByRole('region', { name: 'If you approve now' }), 'Charged now');
    await screenshot(marcus, 'request-queue');
    await card.getByLabel(/Note to Hannah/).fill('Approved for the new starter');
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.waitFor({ state: 'detached' });
    await containsText(
      marcus.getByRole('status').filter({ hasText: 'Approved and done' }),
      'An e-mail telling Hannah Weiss is on its way.',
    );
    await containsText(
      marcus.getByRole('heading', { name: /Waiting for a decision/ }),
      'Waiting for a decision (0)',
    );
    expect(await marcus.getByRole('alert').count()).toBe(0);

    await hannah.reload();
    await containsText(
      hannah.getByRole('region', { name: 'Requests, scrolls sideways' }),
      'approved',
    );
    await containsText(hannah.locator('main'), 'Approved for the new starter');
    await hannah.close();
    await marcus.close();
  });

  it('Staff > Permissions: a row saved for a signed-in member after the sign-out warning (003)', async () => {
    const hannah = await signedInPage(
      suite.browser,
      suite.base,
      'hannah@riverside.example',
      DEMO_PASSWORD,
    );
    const dana = await signedInPage(suite.browser, suite.base, DEMO_EMAIL, DEMO_PASSWORD);
    await dana.goto(`${suite.base}/#/permissions`);
    const row = dana.getByRole('row', { name: /Hannah Weiss/ });
    const calendar = row.getByRole('checkbox', { name: 'Hannah Weiss: Calendar and appointments' });
    expect(await calendar.isChecked()).toBe(false);
    await calendar.check();
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('button', { name: 'Hannah Weiss is signed in: sign out and save' }).click();
    await expect.poll(() => row.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await calendar.isChecked()).toBe(true);
    // A permission needing a licence the member does not hold cannot be ticked.
    const omar = dana.getByRole('row', { name: /Omar Haddad/ });
    expect(
      await omar.getByRole('checkbox', { name: 'Omar Haddad: Therapist permissions' }).isDisabled(),
    ).toBe(true);
    expect(await dana.getByRole('alert').count()).toBe(0);
    await hannah.close();
    await dana.close();
  });
});
