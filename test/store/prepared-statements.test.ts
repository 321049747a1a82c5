import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED_STATEMENTS, PreparedStatementPool } from '../../src/store/prepared-pool.js';
import { openStore, type Store } from '../../src/store/open-database.js';
import { postgresUrl } from '../support/service.js';

describe.skipIf(!postgresUrl)('prepared statements on PostgreSQL', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: postgresUrl, poolSize: 1 });
  });
  afterAll(() => store.close());

  it('prepares a statement with parameters once per connection and runs it again by name', async () => {
    const marker = `prepared-${Date.now()}`;
    for (let run = 0; run < 3; run++) {
      const rows = await sql<{ value: string }>`select ${marker}::text as value`.execute(store.db);
      expect(rows.rows).toEqual([{ value: marker }]);
    }
    // One connection: the statement is kept there once, under its name.
    const prepared = await sql<{ name: string; statement: string }>`
      select name, statement from pg_prepared_statements`.execute(store.db);
    const mine = prepared.rows.filter((row) => row.statement.includes('::text as value'));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.name).toMatch(/^sl\d+$/);
  });

  it('leaves statements without parameters as they are: several commands in one text still run', async () => {
    await sql
      .raw('create temporary table prepared_check (n int); drop table prepared_check')
      .execute(store.db);
    const rows = await sql<{ n: number }>`select 1 as n`.execute(store.db);
    expect(rows.rows).toEqual([{ n: 1 }]);
  });

  it('a table changed under a kept statement fails once, then the statement is prepared again', async () => {
    await sql`create table if not exists prepared_stale (id int)`.execute(store.db);
    await sql`insert into prepared_stale values (1)`.execute(store.db);
    const read = () => sql`select * from prepared_stale where id = ${1}`.execute(store.db);
    expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`alter table prepared_stale add column note text`.execute(store.db);
    await expect(read()).rejects.toThrow(/cached plan must not change result type/);
    expect((await read()).rows).toEqual([{ id: 1, note: null }]);
    await sql`drop table prepared_stale`.execute(store.db);
  });

  it('a statement that fails is reported and the connection goes on', async () => {
    await expect(sql`select ${1}::int / 0`.execute(store.db)).rejects.toThrow(/division by zero/);
    const rows = await sql<{ n: number }>`select ${2}::int as n`.execute(store.db);
    expect(rows.rows).toEqual([{ n: 2 }]);
  });
});

describe('the prepared statement cap', () => {
  it('names each text once and stops naming new texts at the cap', () => {
    const pool = new PreparedStatementPool(new pg.Pool({ max: 1 }));
    expect(pool.nameOf('select $1')).toBe('sl0');
    expect(pool.nameOf('select $1')).toBe('sl0');
    for (let n = 1; n < MAX_PREPARED_STATEMENTS; n++) pool.nameOf(`select $1 + ${n}`);
    expect(pool.nameOf('select $1 + 1')).toBe('sl1');
    expect(pool.nameOf('select $1 - 1')).toBeUndefined();
  });
});
