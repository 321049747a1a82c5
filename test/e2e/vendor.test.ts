import { describe, expect, it } from 'vitest';
import { createOperatorKey } from '../../src/app/access/operator-keys.js';
import { browserAvailable, containsText, demoSuite, screenshot } from './browser.js';

/**
 * The vendor's back office in the console (12): opened with an operator key, customers with
 * their plans, MRR and open invoices; the catalog; the approval queue.
 */
describe.skipIf(!browserAvailable)('the vendor back office (end to end)', () => {
  const suite = demoSuite();

  it('refuses a wrong key, then shows customers, the catalog and the queue', async () => {
    const { key } = await createOperatorKey(suite.store.db, 'Back office test', new Date());
    const page = await suite.browser.newPage();
    await page.goto(`${suite.base}/#/vendor`);
    const form = page.getByRole('form', { name: 'Open the back office' });
    await form.getByLabel('Operator key').fill('op_wrong');
    await form.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').waitFor();
    await form.getByLabel('Operator key').fill(key);
    await form.getByRole('button', { name: 'Open' }).click();
    const customers = page.getByRole('region', { name: 'Customers, scrolls sideways' });
    await containsText(customers, 'Riverside Physio Group');
    await containsText(customers, 'clinic-requests');
    await screenshot(page, 'vendor-customers');
    // Acting for a customer: a change previewed, made, and named in their audit log.
    await page.getByRole('button', { name: 'Act for Harbour Physio & Telehealth' }).click();
    const acting = page.getByRole('form', {
      name: 'Change licences for Harbour Physio & Telehealth',
    });
    await acting.getByLabel('How many').fill('1');
    await acting.getByRole('button', { name: 'Preview' }).click();
    await containsText(
      page.getByRole('region', { name: 'What it costs the customer' }),
      'charged now',
    );
    await page
      .getByRole('button', { name: 'Make this change for Harbour Physio & Telehealth' })
      .click();
    await containsText(page.getByRole('status'), 'their audit log names the vendor');
    const org = await suite.store.db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', 'Harbour Physio & Telehealth')
      .executeTakeFirstOrThrow();
    const entry = await suite.store.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('org_id', '=', org.id)
      .where('action', '=', 'licences.changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.actor).toMatch(/^operator:opk_/);
    await page.getByRole('button', { name: 'Stop acting for them' }).click();
    await page.getByRole('button', { name: 'Catalog' }).click();
    await containsText(page.locator('main'), 'Version 1: published');
    await page.getByRole('button', { name: 'Approvals' }).click();
    await containsText(page.locator('main'), 'Nothing is waiting.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
