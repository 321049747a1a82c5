import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePlan } from '../../src/app/catalog/plan-catalog.js';
import { inTransaction, type AppContext } from '../../src/app/context.js';
import { newId } from '../../src/app/ids.js';
import { createSubscription } from '../../src/app/organizations/create-organization.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');
const SUBSCRIPTIONS = 300;
const MONTHS_DUE = 12;

/** `seatledger bill`; with `killWhen`, killed with SIGKILL as soon as it says so (polled). */
function bill(
  url: string,
  killWhen: (() => Promise<boolean>) | null,
): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'bill'], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'ignore',
    });
    let done = false;
    const poll = async (): Promise<void> => {
      while (!done && killWhen) {
        if (await killWhen()) {
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    void poll();
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, killed: signal === 'SIGKILL' });
    });
  });
}

describe.skipIf(!postgresUrl)('a billing worker killed part-way through', () => {
  const name = `billing_crash_${process.pid}`;
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(name));
    store = await openStore({ databaseUrl: url });
    const context: AppContext = { store, clock: () => new Date() };
    const start = new Date('2025-01-01T00:00:00Z');
    await inTransaction(context, async (trx) => {
      const plan = await choosePlan(trx, null, 'per-provider', 'plan');
      for (let i = 0; i < SUBSCRIPTIONS; i++) {
        const id = newId('org', start);
        await trx
          .insertInto('organizations')
          .values({
            id,
            name: `Crash clinic ${i}`,
            time_zone: 'UTC',
            currency: 'USD',
            owner_staff_id: null,
            test_clock_at: start,
            created_at: start,
          })
          .execute();
        await createSubscription(trx, {
          orgId: id,
          locationId: null,
          plan,
          timeZone: 'UTC',
          seats: { provider: 2, admin: 1 },
          start,
          field: 'seats',
        });
      }
    });
    await store.db
      .updateTable('organizations')
      .set({ test_clock_at: new Date('2026-01-01T00:00:00Z') })
      .execute();
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
    // Killed once a few dozen subscriptions are billed: part-way through the run.
    const killed = await bill(
      url,
      async () => (await invoices()) > SUBSCRIPTIONS + 30 * MONTHS_DUE,
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
