import { sql } from 'kysely';
import { billDue } from '../src/app/billing/bill-due.js';
import { SCOPES, type Actor, type AppContext } from '../src/app/context.js';
import { newId } from '../src/app/ids.js';
import { assignLicence } from '../src/app/licences/assign-licence.js';
import { releaseLicence } from '../src/app/licences/release-licence.js';
import { createOrganization } from '../src/app/organizations/create-organization.js';
import { createStaff } from '../src/app/staff/create-staff.js';
import { changeLicences } from '../src/app/subscriptions/change-licences.js';
import { openStore } from '../src/store/open-database.js';

/**
 * `npm run bench:history`: does a request cost more on a subscription with a long history?
 * Assign (with its release) and a licence-change preview, p50 over many runs, on a new
 * subscription and on one with FACTS recorded licence changes over three years of invoices,
 * both on the same database in the same run. The ratio old / new is the figure: with
 * checkpoints a request reads the facts since the last invoice, whatever the history.
 * The same is measured once more with the old subscription's checkpoint removed (the whole
 * log read), to show what the checkpoint saves. Embedded PGlite, or DATABASE_URL.
 */
const FACTS = Number(process.env['BENCH_FACTS'] ?? 10_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const DAY = 86_400_000;

const store = await openStore({ databaseUrl: process.env['DATABASE_URL'], dataDir: 'memory://' });
const context: AppContext = { store, clock: () => new Date() };

async function subscriptionWithStaff(label: string, start: Date) {
  const created = await createOrganization(context, {
    name: `History ${label}`,
    timeZone: 'UTC',
    planId: 'prorated-monthly',
    seats: { practitioner: 20 },
    locations: [{ name: 'Main' }],
    owner: {
      name: 'Owner',
      email: `history-${label}-${process.pid}@example.test`,
      password: 'history-bench-1',
    },
    testClockStartsAt: start,
  });
  const actor: Actor = {
    orgId: created.organizationId,
    kind: 'system',
    id: 'bench',
    scopes: new Set(SCOPES),
  };
  const staff = await createStaff(context, actor, {
    name: 'Member',
    email: `member-${label}-${process.pid}@example.test`,
    permissions: [],
  });
  return { actor, subscriptionId: created.subscriptionIds[0] ?? '', staffId: staff.id };
}

/** FACTS licence changes over three years, written as the log holds them (one batch a day). */
async function recordHistory(orgId: string, subscriptionId: string, start: Date): Promise<void> {
  const days = 3 * 365;
  const perDay = Math.ceil(FACTS / days);
  let seq = 0;
  for (let day = 0; day < days && seq < FACTS; day++) {
    const rows = [];
    for (let k = 0; k < perDay && seq < FACTS; k++) {
      const at = new Date(start.getTime() + day * DAY + 9 * 3_600_000 + k * 60_000);
      rows.push({
        org_id: orgId,
        id: newId('evt', at),
        subscription_id: subscriptionId,
        seq,
        at,
        op: seq % 2 === 0 ? 'add' : 'remove',
        payload: JSON.stringify({ seats: { practitioner: 1 } }),
        actor: 'system:bench',
        reason: null,
        explanation: null,
        created_at: at,
      });
      seq += 1;
    }
    await store.db.insertInto('subscription_events').values(rows).execute();
  }
}

async function p50(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await work(); // warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function measure(subject: Awaited<ReturnType<typeof subscriptionWithStaff>>) {
  const assign = await p50(async () => {
    await assignLicence(context, subject.actor, subject.staffId, { licenceType: 'practitioner' });
    await releaseLicence(context, subject.actor, subject.staffId, 'practitioner', null);
  });
  const preview = await p50(() =>
    changeLicences(
      context,
      subject.actor,
      subject.subscriptionId,
      { op: 'add', seats: { practitioner: 1 } },
      true,
    ),
  );
  return { assign, preview };
}

const now = new Date();
const threeYearsAgo = new Date(now.getTime() - 3 * 365 * DAY - 5 * DAY);
const old = await subscriptionWithStaff('old', threeYearsAgo);
await recordHistory(old.actor.orgId, old.subscriptionId, threeYearsAgo);
await store.db
  .updateTable('organizations')
  .set({ test_clock_at: now })
  .where('id', '=', old.actor.orgId)
  .execute();
const billing = await billDue(context, null, old.actor.orgId);
const fresh = await subscriptionWithStaff('new', now);
await store.db
  .updateTable('organizations')
  .set({ test_clock_at: now })
  .where('id', '=', fresh.actor.orgId)
  .execute();

const invoices = await sql<{ n: string }>`
  select count(*) as n from invoices where subscription_id = ${old.subscriptionId}`.execute(
  store.db,
);
console.log(
  `old subscription: ${FACTS} facts, ${String(invoices.rows[0]?.n)} invoices (${billing.invoicesIssued} by one billing run)`,
);
const newFigures = await measure(fresh);
const oldFigures = await measure(old);
console.log(
  `new: assign ${newFigures.assign.toFixed(2)} ms, preview ${newFigures.preview.toFixed(2)} ms (p50)`,
);
console.log(
  `old, from its checkpoint: assign ${oldFigures.assign.toFixed(2)} ms, preview ${oldFigures.preview.toFixed(2)} ms`,
);
await sql`delete from subscription_checkpoints where subscription_id = ${old.subscriptionId}`.execute(
  store.db,
);
const whole = await measure(old);
console.log(
  `old, whole log (checkpoint removed): assign ${whole.assign.toFixed(2)} ms, preview ${whole.preview.toFixed(2)} ms`,
);
await store.close();
console.log(
  `history: assign x${(oldFigures.assign / newFigures.assign).toFixed(2)}, preview x${(oldFigures.preview / newFigures.preview).toFixed(2)} after ${FACTS} facts`,
);
