import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { PgliteConnectionPool } from './pglite-pool.js';
import { PreparedStatementPool } from './prepared-pool.js';
import { lockDirectory } from './directory-lock.js';
import { migrate } from './migrate.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A PostgreSQL URL; without one, PGlite in `dataDir` (or in memory for "memory://"). */
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string;
  readonly poolSize?: number;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// Both drivers read the same types the same way: int8 as bigint (exact money), dates as text.
pg.types.setTypeParser(INT8, (value: string) => BigInt(value));
pg.types.setTypeParser(DATE, (value: string) => value);
pg.types.setTypeParser(NUMERIC, (value: string) => value);

/** Open the database the environment names, and bring its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : await openPglite(options.dataDir ?? './data');
  await migrate(store.db);
  return store;
}

function openPostgres(url: string, max: number): Store {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // An idle connection the server dropped (a restart, a terminated backend) is an event, not
  // a crash: the pool makes a new connection for the next query.
  pool.on('error', (error) => {
    process.stderr.write(`database connection lost: ${error.message}\n`);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new PreparedStatementPool(pool) }),
  });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * The embedded server's settings: one connection and a small database, so a small buffer
 * pool. PGlite's memory (WebAssembly) never shrinks: 128 MB of shared buffers idle at about
 * 300 MB, 16 MB at about 160 MB (docs/security.md, "Memory").
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'maintenance_work_mem=16MB'];

/**
 * Create a new data directory in a child process: initdb grows the WebAssembly memory to
 * about 650 MB, which a process never gives back; the server then opens a ready directory.
 */
function initialiseOutOfProcess(dataDir: string): void {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const code = `const { PGlite } = await import(${JSON.stringify(pglite)});
const db = await PGlite.create(${JSON.stringify(dataDir)}, { postgresqlconf: ${JSON.stringify(EMBEDDED_SETTINGS)} });
await db.close();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
}

async function openPglite(dataDir: string): Promise<Store> {
  let release = (): void => undefined;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDirectory(dataDir);
  }
  if (!dataDir.startsWith('memory://')) initialiseOutOfProcess(dataDir);
  const database = await PGlite.create(dataDir, {
    postgresqlconf: EMBEDDED_SETTINGS,
    parsers: {
      [pgliteTypes.INT8]: (value: string) => BigInt(value),
      [pgliteTypes.DATE]: (value: string) => value,
      [pgliteTypes.NUMERIC]: (value: string) => value,
    },
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new PgliteConnectionPool(database) }),
  });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      release();
    },
  };
}
