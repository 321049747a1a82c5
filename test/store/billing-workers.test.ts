import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/app/organizations/create-organization.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');
const SUBSCRIPTIONS = 40;

/** `seatledger bill` in a process of its own; its report line. */
function bill(
  url: string,
): Promise<{ code: number | null; subscriptions: number; invoices: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'bill'], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const match = /billed (\d+) subscriptions: (\d+) invoices issued/.exec(output);
      if (!match) return reject(new Error(`no report: ${output}`));
      resolve({ code, subscriptions: Number(match[1]), invoices: Number(match[2]) });
    });
  });
}

describe.skipIf(!postgresUrl)('billing runs on one PostgreSQL', () => {
  const name = `billing_workers_${process.pid}`;
  let url = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresDatabase(name));
    store = await openStore({ databaseUrl: url });
    const context = { store, clock: () => new Date() };
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      await createOrganization(context, {
        name: `Worker clinic ${i}`,
        timeZone: 'UTC',
        planId: 'per-provider',
        seats: { provider: 2, admin: 1 },
        locations: [{ name: 'Main' }],
        owner: { name: 'Owner', email: `owner-${i}@example.test`, password: 'worker-password-1' },
        testClockStartsAt: new Date('2026-01-01T00:00:00Z'),
      });
    }
    // Six months pass for everyone: six invoices each fall due.
    await store.db
      .updateTable('organizations')
      .set({ test_clock_at: new Date('2026-07-01T00:00:00Z') })
      .execute();
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
