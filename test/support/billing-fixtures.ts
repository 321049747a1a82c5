import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { choosePlan } from '../../src/app/catalog/plan-catalog.js';
import { inTransaction, type AppContext } from '../../src/app/context.js';
import { newId } from '../../src/app/ids.js';
import { createSubscription } from '../../src/app/organizations/create-organization.js';
import type { Store } from '../../src/store/open-database.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');

/**
 * `count` organisations on test clocks starting at `start`, each with a `per-provider`
 * subscription made by the use case (its first invoice included); then every clock moves
 * to `clocksAt`, so what lies between falls due.
 */
export async function seedDueSubscriptions(
  store: Store,
  count: number,
  start: Date,
  clocksAt: Date,
): Promise<void> {
  const context: AppContext = { store, clock: () => new Date() };
  await inTransaction(context, async (trx) => {
    const plan = await choosePlan(trx, null, 'per-provider', 'plan');
    for (let i = 0; i < count; i++) {
      const id = newId('org', start);
      await trx
        .insertInto('organizations')
        .values({
          id,
          name: `Clinic ${i}`,
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
  await store.db.updateTable('organizations').set({ test_clock_at: clocksAt }).execute();
}

export interface BillRun {
  readonly code: number | null;
  readonly killed: boolean;
  readonly subscriptions: number;
  readonly invoices: number;
}

/**
 * `seatledger bill` on the database at `url`, in a process of its own; with `killWhen`, killed
 * with SIGKILL as soon as it says so (polled). Its report, when it printed one.
 */
export function bill(
  url: string,
  killWhen: (() => Promise<boolean>) | null = null,
  args: readonly string[] = [],
): Promise<BillRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'bill', ...args], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
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
      const match = /billed (\d+) subscriptions: (\d+) invoices issued/.exec(output);
      resolve({
        code,
        killed: signal === 'SIGKILL',
        subscriptions: Number(match?.[1] ?? -1),
        invoices: Number(match?.[2] ?? -1),
      });
    });
  });
}
