import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.js';
import { migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { initial } from '../../src/store/migrations/001-initial.js';
import { PgliteConnectionPool } from '../../src/store/pglite-pool.js';
import type { Database } from '../../src/store/schema.js';
import pg from 'pg';
import { freshPostgresDatabase, postgresUrl } from '../support/service.js';
import { scenarioOf } from '../../src/app/subscriptions/subscription-log.js';
import { loadSubscriptionLog } from '../../src/app/subscriptions/subscription-log.js';

let db: Kysely<Database>;

/** An empty database of each backend: PGlite, and a new database on the PostgreSQL server. */
const backends: [string, () => Promise<{ db: Kysely<Database>; drop: () => Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const database = await PGlite.create('memory://', {
        parsers: { [pgliteTypes.INT8]: (value: string) => BigInt(value) },
      });
      const db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new PgliteConnectionPool(database) }),
      });
      return { db, drop: () => db.destroy() };
    },
  ],
];
if (postgresUrl) {
  backends.push([
    'PostgreSQL',
    async () => {
      const fresh = await freshPostgresDatabase(`catalog_migration_${process.pid}`);
      const db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: fresh.url }) }),
      });
      return {
        db,
        drop: async () => {
          await db.destroy();
          await fresh.drop();
        },
      };
    },
  ]);
}

const custom = {
  currency: 'EUR',
  interval: 'month',
  licenceTypes: { zeta: { unitAmount: 900 }, alpha: { unitAmount: 100 } },
};

/** Data as the first schema held it: a preset named, a plan object, a renewal by name. */
async function seedBeforeCatalog(): Promise<void> {
  await sql.raw(initial).execute(db);
  await sql`create table schema_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(
    db,
  );
  await sql`insert into schema_migrations (id) values ('001-initial')`.execute(db);
  await sql`insert into organizations (id, name, time_zone, currency, created_at)
    values ('org_a', 'A', 'UTC', 'USD', '2026-01-01'), ('org_b', 'B', 'UTC', 'EUR', '2026-01-01')`.execute(
    db,
  );
  await sql`insert into locations (org_id, id, name, created_at)
    values ('org_a', 'loc_1', 'North', '2026-01-01'), ('org_a', 'loc_2', 'South', '2026-01-01')`.execute(
    db,
  );
  await sql`insert into subscriptions (org_id, id, location_id, plan_id, plan, time_zone, start_at, billing_anchor, seats, created_at)
    values
      ('org_a', 'sub_1', 'loc_1', 'annual-term-blocks', '"annual-term-blocks"', 'UTC', '2026-01-01', '2026-01-01', '{"user":5}', '2026-01-01'),
      ('org_a', 'sub_2', 'loc_2', 'annual-term-blocks', '"annual-term-blocks"', 'UTC', '2026-01-01', '2026-01-01', '{"user":10}', '2026-01-01'),
      ('org_b', 'sub_3', null, null, ${JSON.stringify(custom)}, 'UTC', '2026-01-01', '2026-01-01', '{"zeta":1,"alpha":2}', '2026-01-01')`.execute(
    db,
  );
  await sql`insert into subscription_events (org_id, id, subscription_id, seq, at, op, payload, actor, created_at)
    values ('org_a', 'evt_1', 'sub_1', 0, '2026-12-10', 'renew', '{"plan":"per-provider","seats":{"provider":5}}', 'system:test', '2026-12-10')`.execute(
    db,
  );
  await sql`insert into invoices (org_id, id, subscription_id, number, billing_key, issued_at, currency, subtotal, credit_applied, total, created_at)
    values
      ('org_a', 'inv_1', 'sub_1', 1, 'k1', '2026-01-01', 'USD', 30000, 0, 30000, '2026-01-01'),
      ('org_a', 'inv_2', 'sub_2', 1, 'k1', '2026-01-01T00:00:01Z', 'USD', 60000, 0, 60000, '2026-01-01')`.execute(
    db,
  );
}

describe.each(backends)('migrating to the catalog on %s', (_name, open) => {
  let drop: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    ({ db, drop } = await open());
  });
  afterAll(() => drop());

  it('pins what each subscription has today, and numbers invoices per organisation', async () => {
    await seedBeforeCatalog();
    expect(await migrate(db)).toEqual(MIGRATIONS.slice(1).map((migration) => migration.id));

    const rows = await db.selectFrom('subscriptions').selectAll().orderBy('id').execute();
    expect(rows.map((row) => row.plan_version_id)).toEqual([
      'plv_annual-term-blocks_v1',
      'plv_annual-term-blocks_v1',
      'plv_custom-sub_3_v1',
    ]);
    // The preset's definition as it stood, copied into the contract.
    expect(rows[0]?.plan).toMatchObject({
      id: 'plv_annual-term-blocks_v1',
      blockSize: 5,
      licenceTypes: { user: { unitAmount: 6000 } },
    });
    // A plan object keeps its licence types in their order (json, not jsonb).
    expect(Object.keys((rows[2]?.plan as { licenceTypes: object }).licenceTypes)).toEqual([
      'zeta',
      'alpha',
    ]);
    const customPlan = await db
      .selectFrom('plans')
      .selectAll()
      .where('id', '=', 'custom-sub_3')
      .executeTakeFirstOrThrow();
    expect(customPlan.retired_at).not.toBeNull();
    const customVersion = await db
      .selectFrom('plan_versions')
      .selectAll()
      .where('id', '=', 'plv_custom-sub_3_v1')
      .executeTakeFirstOrThrow();
    expect(customVersion.org_id).toBe('org_b');

    // A renewal recorded by preset name now carries the definition, and still reads.
    const log = await loadSubscriptionLog(db, 'org_a', 'sub_1', { lock: false });
    expect(log.events[0]?.payload).toMatchObject({
      plan: { id: 'plv_per-provider_v1', licenceTypes: { provider: { unitAmount: 6000 } } },
      seats: { provider: 5 },
    });
    const state = simulate(scenarioOf(log, new Date('2027-01-02T00:00:00Z')));
    expect(state.plan.id).toBe('plv_per-provider_v1');

    const invoices = await db.selectFrom('invoices').selectAll().orderBy('number').execute();
    expect(invoices.map((invoice) => [invoice.id, invoice.number, invoice.location_id])).toEqual([
      ['inv_1', 1, 'loc_1'],
      ['inv_2', 2, 'loc_2'],
    ]);
    const organization = await db
      .selectFrom('organizations')
      .select('invoice_seq')
      .where('id', '=', 'org_a')
      .executeTakeFirstOrThrow();
    expect(organization.invoice_seq).toBe(2);
  });
});
