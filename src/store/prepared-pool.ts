import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * The most distinct statements a process prepares; later ones run unnamed, as before. Each
 * connection keeps the statements it has used (node-postgres does not forget them), so this
 * bounds every connection's memory on the server whatever queries are built (a list of ids
 * makes a new text for each length).
 */
export const MAX_PREPARED_STATEMENTS = 1_000;

/** "cached plan must not change result type": a kept statement's table changed meanwhile. */
function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && /cached plan/.test(String(message));
}

/**
 * node-postgres's pool as Kysely uses it, with every parameterised statement sent as a named
 * prepared statement: PostgreSQL parses and plans a statement once per connection instead of
 * on every request (measured on the licence path: about 0.6 ms of PostgreSQL's CPU a request
 * was planning, docs/benchmarks.md). Statements without parameters (begin, commit, a
 * migration's several commands) go as they are. A statement's plan is kept by the server and
 * planned again by it when a table it reads changes; a column added by a migration while this
 * process runs can make a kept `select *` fail once on each connection ("cached plan must not change
 * result type"; that connection is then closed, the next prepares it again): run migrations
 * before starting the servers, as `seatledger migrate` does.
 */
export class PreparedStatementPool implements PostgresPool {
  private readonly names = new Map<string, string>();
  private readonly clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let wrapped = this.clients.get(client);
    if (!wrapped) {
      wrapped = this.wrap(client);
      this.clients.set(client, wrapped);
    }
    return wrapped;
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  /** The name a statement's text is prepared under, or undefined once the cap is reached. */
  nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_PREPARED_STATEMENTS) {
      name = `sl${this.names.size}`;
      this.names.set(text, name);
    }
    return name;
  }

  private wrap(client: pg.PoolClient): PostgresPoolClient {
    let stale: Error | undefined;
    const prepared = async (name: string | undefined, text: string, values: unknown[]) => {
      try {
        return await client.query({ name, text, values });
      } catch (error) {
        // A table changed under a kept statement: node-postgres would send it by name again
        // on this connection, so the connection is closed when released.
        if (isStalePlan(error)) stale = error as Error;
        throw error;
      }
    };
    const query = (text: unknown, parameters?: readonly unknown[]) => {
      if (typeof text === 'string' && parameters && parameters.length > 0) {
        return prepared(this.nameOf(text), text, [...parameters]);
      }
      // A cursor, or a statement without parameters: as node-postgres takes it.
      return client.query(text as string, parameters ? [...parameters] : undefined);
    };
    return {
      // One function for both of Kysely's overloads (a statement, a cursor), as pg's is.
      query: query as unknown as PostgresPoolClient['query'],
      release: () => {
        if (stale) this.clients.delete(client);
        client.release(stale);
      },
    } satisfies PostgresPoolClient;
  }
}
