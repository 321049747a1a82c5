import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-database.js';
import { bill, seedDueSubscriptions } from '../support/billing-fixtures.js';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';

const SUBSCRIPTIONS = 300;
const MONTHS_DUE = 12;

describe.skipIf(!postgresUrl)('a billing worker killed part-way through', () => {
  const name = `billing_crash_${process.pid}`;
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(name));
    store = await openStore({ databaseUrl: url });
    await seedDueSubscriptions(
      store,
      SUBSCRIPTIONS,
      new Date('2025-01-01T00:00:00Z'),
      new Date('2026-01-01T00:00:00Z'),
    );
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('a rerun after kill -9 leaves no duplicate, no missing invoice, no checkpoint ahead of its invoices', async () => {
    const invoices = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from invoices`.execute(store.db)).rows[0]?.n,
      );
    // Killed once a few dozen subscriptions are billed: part-way through the run. Small
    // batches make the run many transactions long, so the kill lands inside it.
    const killed = await bill(
      url,
      async () => (await invoices()) > SUBSCRIPTIONS + 30 * MONTHS_DUE,
      ['--batch', '5'],
    );
    expect(killed.killed).toBe(true);
    const partial = await sql<{ n: string }>`select count(*) as n from invoices`.execute(store.db);
    // Part of the run committed, part did not.
    expect(Number(partial.rows[0]?.n)).toBeGreaterThan(SUBSCRIPTIONS);
    expect(Number(partial.rows[0]?.n)).toBeLessThan(SUBSCRIPTIONS * (MONTHS_DUE + 1));
    expect(await bill(url, null)).toMatchObject({ code: 0 });
    const counts = await sql<{
      subscription_id: string;
      invoices: string;
      keys: string;
      numbers: string;
    }>`
      select subscription_id, count(*) as invoices, count(distinct billing_key) as keys,
             count(distinct (org_id, number)) as numbers
      from invoices group by subscription_id`.execute(store.db);
    expect(counts.rows).toHaveLength(SUBSCRIPTIONS);
    for (const row of counts.rows) {
      expect(Number(row.invoices)).toBe(MONTHS_DUE + 1);
      expect(row.keys).toBe(row.invoices);
      expect(row.numbers).toBe(row.invoices);
    }
    const ahead = await sql<{ n: string }>`
      select count(*) as n from subscription_checkpoints c
      where c.at > (select max(issued_at) from invoices i where i.subscription_id = c.subscription_id)
         or c.at < (select max(issued_at) from invoices i where i.subscription_id = c.subscription_id)`.execute(
      store.db,
    );
    expect(Number(ahead.rows[0]?.n)).toBe(0);
  }, 120_000);
});
