import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-database.js';
import { bill, seedDueSubscriptions } from '../support/billing-fixtures.js';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';

const SUBSCRIPTIONS = 40;

describe.skipIf(!postgresUrl)('billing runs on one PostgreSQL', () => {
  const name = `billing_workers_${process.pid}`;
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(name));
    store = await openStore({ databaseUrl: url });
    // Six months pass for everyone: six invoices each fall due.
    await seedDueSubscriptions(
      store,
      SUBSCRIPTIONS,
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-07-01T00:00:00Z'),
    );
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('two worker processes share a run without overlap; a rerun visits nothing', async () => {
    const [first, second] = await Promise.all([bill(url), bill(url)]);
    expect([first?.code, second?.code]).toEqual([0, 0]);
    // Each subscription was billed by exactly one of them.
    expect((first?.subscriptions ?? 0) + (second?.subscriptions ?? 0)).toBe(SUBSCRIPTIONS);
    expect((first?.invoices ?? 0) + (second?.invoices ?? 0)).toBe(SUBSCRIPTIONS * 6);
    const counts = await sql<{ invoices: string; keys: string }>`
      select count(*) as invoices, count(distinct (subscription_id, billing_key)) as keys
      from invoices`.execute(store.db);
    // The first invoice of each came with its sign-up.
    expect(Number(counts.rows[0]?.invoices)).toBe(SUBSCRIPTIONS * 7);
    expect(counts.rows[0]?.keys).toBe(counts.rows[0]?.invoices);
    const rerun = await bill(url);
    expect(rerun).toMatchObject({ code: 0, subscriptions: 0, invoices: 0 });
  }, 120_000);
});
