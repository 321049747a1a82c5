import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite behind the small part of pg's Pool that Kysely's PostgresDialect uses. PGlite is
 * one connection, so a connection is lent to one user at a time: a transaction holds it
 * from BEGIN to COMMIT, as a pooled PostgreSQL connection would.
 */
export class PgliteConnectionPool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly database: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    const database = this.database;
    const client = {
      async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
        // Parameterless text may hold several statements (a migration): run it as a script.
        const result =
          parameters.length === 0
            ? ((await database.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await database.query<R>(sql, [...parameters]);
        return {
          command: (result as { command?: PostgresQueryResult<R>['command'] }).command ?? 'SELECT',
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows as R[],
        };
      },
      release,
    };
    return client as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.tail;
    await this.database.close();
  }
}
