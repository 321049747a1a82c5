import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { inTransaction, type AppContext } from '../src/app/context.js';
import { choosePlan } from '../src/app/catalog/plan-catalog.js';
import { newId } from '../src/app/ids.js';
import { createSubscription } from '../src/app/organizations/create-organization.js';
import { openStore } from '../src/store/open-database.js';

/**
 * `npm run bench:billing`: N subscriptions (one organisation each, on a test clock), made in
 * batches through the use case that makes a subscription (its first invoice included), then
 * MONTHS months fall due for all of them (one: a monthly run; BENCH_MONTHS=6: a run that
 * catches up six months, six invoices each), and:
 *   1. one `seatledger bill` process bills them all;
 *   2. the same run again, with nothing due: what a run costs when there is nothing to do;
 *   3. MONTHS more months, billed by two `seatledger bill` processes sharing the run.
 * Times are the runs' own, as `seatledger bill` reports them (not the processes' start).
 * Each process reports its peak memory. Needs DATABASE_URL (bench/billing-bench.sh starts
 * PostgreSQL as CI does, with fsync on).
 */
const N = Number(process.env['BENCH_SUBSCRIPTIONS'] ?? 10_000);
/** Months due for each subscription at each run (BENCH_MONTHS). */
const MONTHS = Number(process.env['BENCH_MONTHS'] ?? 1);
const BATCH = 100;
const url = process.env['DATABASE_URL'];
if (!url) throw new Error('bench:billing needs DATABASE_URL (run it with npm run bench:billing)');

const store = await openStore({ databaseUrl: url });
const context: AppContext = { store, clock: () => new Date() };
// bench/billing-bench.sh starts a new PostgreSQL cluster: the database is empty.

const start = new Date('2026-01-01T00:00:00Z');
const made = Date.now();
for (let first = 0; first < N; first += BATCH) {
  await inTransaction(context, async (trx) => {
    const plan = await choosePlan(trx, null, 'per-provider', 'plan');
    const count = Math.min(BATCH, N - first);
    const orgs = Array.from({ length: count }, (_, i) => ({
      id: newId('org', start),
      name: `Clinic ${first + i}`,
      time_zone: 'UTC',
      currency: 'USD',
      owner_staff_id: null,
      test_clock_at: start,
      created_at: start,
    }));
    await trx.insertInto('organizations').values(orgs).execute();
    for (const org of orgs) {
      await createSubscription(trx, {
        orgId: org.id,
        locationId: null,
        plan,
        timeZone: 'UTC',
        seats: { provider: 3, admin: 1 },
        start,
        field: 'seats',
      });
    }
  });
}
console.log(`made ${N} subscriptions in ${((Date.now() - made) / 1000).toFixed(1)} s`);

async function advanceAll(to: string): Promise<void> {
  await store.db
    .updateTable('organizations')
    .set({ test_clock_at: new Date(to) })
    .execute();
}

interface Run {
  readonly subscriptions: number;
  readonly invoices: number;
  /** The run itself, as `seatledger bill` reports it (not the process's start). */
  readonly seconds: number;
  readonly peakMiB: number;
}

/** `seatledger bill` in a process of its own; its report and its peak memory. */
function bill(): Promise<Run> {
  const main = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
  const code = `const { main } = await import(${JSON.stringify(`file://${main}`)});
const status = await main(['bill'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
console.log('peak ' + process.resourceUsage().maxRSS);
process.exitCode = status;`;
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=<dir> writes a CPU profile of each run there.
    const profile = process.env['BENCH_PROFILE'];
    const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', code], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const report =
        /billed (\d+) subscriptions: (\d+) invoices issued, \d+ failed in ([\d.]+) s/.exec(output);
      const peak = /peak (\d+)/.exec(output);
      if (!report || !peak) return reject(new Error(`no report: ${output}`));
      resolve({
        subscriptions: Number(report[1]),
        invoices: Number(report[2]),
        seconds: Number(report[3]),
        peakMiB: Number(peak[1]) / 1024,
      });
    });
  });
}

const months = (count: number) => {
  const at = new Date(start);
  at.setUTCMonth(at.getUTCMonth() + count);
  return at.toISOString();
};

await advanceAll(months(MONTHS));
const first = await bill();
const rate = first.subscriptions / first.seconds;
console.log(
  `one process: ${first.subscriptions} subscriptions, ${first.invoices} invoices in ${first.seconds.toFixed(2)} s: ${Math.round(rate)} subscriptions/s, ${Math.round(first.invoices / first.seconds)} invoices/s, peak ${Math.round(first.peakMiB)} MiB`,
);
const rerun = await bill();
console.log(
  `rerun, nothing due: ${rerun.subscriptions} subscriptions in ${rerun.seconds.toFixed(3)} s`,
);
await advanceAll(months(2 * MONTHS));
const pair = await Promise.all([bill(), bill()]);
const together = pair.reduce((sum, run) => sum + run.subscriptions, 0);
const pairSeconds = Math.max(...pair.map((run) => run.seconds));
const pairRate = together / pairSeconds;
console.log(
  `two processes: ${pair.map((run) => run.subscriptions).join(' + ')} subscriptions in ${pairSeconds.toFixed(2)} s: ${Math.round(pairRate)} subscriptions/s`,
);
const peak = Math.max(first.peakMiB, ...pair.map((run) => run.peakMiB));
await store.close();
console.log(
  `billing: ${Math.round(rate)} subscriptions/s, rerun ${(rerun.seconds / first.seconds).toFixed(3)} of the first, ${(pairRate / rate).toFixed(2)}x with 2 workers, peak ${Math.round(peak)} MiB`,
);
