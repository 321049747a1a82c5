import { sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

const LOCK = 4_242_001;

/**
 * Apply the migrations not yet applied, each in its own transaction, under an advisory lock
 * so that two servers starting together do not both migrate. Returns the ids applied.
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const applied: string[] = [];
  // Under the lock too: two servers starting on a new database would both create the table
  // (CREATE TABLE IF NOT EXISTS is not safe against itself).
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      id text primary key, applied_at timestamptz not null default now())`.execute(trx);
  });
  for (const migration of MIGRATIONS) {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
      const done = await sql<{
        id: string;
      }>`select id from schema_migrations where id = ${migration.id}`.execute(trx);
      if (done.rows.length > 0) return;
      await sql.raw(migration.sql).execute(trx);
      await sql`insert into schema_migrations (id) values (${migration.id})`.execute(trx);
      applied.push(migration.id);
    });
  }
  return applied;
}
