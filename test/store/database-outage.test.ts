import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRequired, postgresUrl } from '../support/service.js';

/**
 * A PostgreSQL of its own (initdb on a spare port), so that stopping and restarting it
 * disturbs no other suite. Needs the server binaries (PGBIN, set by .ci/setup-services.sh)
 * and root, as CI runs.
 */
const pgbin = process.env['PGBIN'];
const runnable = Boolean(pgbin && postgresUrl && process.getuid?.() === 0);
if (postgresRequired && !runnable) {
  throw new Error('REQUIRE_POSTGRES=1 but PGBIN (or root) is missing: the outage suite cannot run');
}

const bin = join(import.meta.dirname, '..', '..', 'bin', 'seatledger.js');
const port = 55_000 + (process.pid % 400);

function pg(tool: string, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', join(pgbin ?? '', tool), ...args], {
    stdio: 'ignore',
  });
}

describe.skipIf(!runnable)('the service survives its database', () => {
  let root = '';
  let server: ChildProcess | null = null;
  let url = '';
  let log = '';
  const data = () => join(root, 'data');
  const start = () =>
    pg('pg_ctl', [
      '-D',
      data(),
      '-w',
      '-o',
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'seatledger-outage-'));
    execFileSync('chown', ['postgres', root]);
    pg('initdb', ['-D', data(), '-U', 'postgres', '--auth=trust']);
    start();
    server = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      env: {
        ...process.env,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
        SEATLEDGER_DEMO: '0',
        // A load of anonymous requests from one address: not what this suite tests.
        RATE_LIMITS: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      server?.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
  }, 60_000);

  afterAll(() => {
    server?.kill('SIGTERM');
    try {
      pg('pg_ctl', ['-D', data(), '-m', 'immediate', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(root, { recursive: true, force: true });
  });

  const health = async () => {
    const response = await fetch(`${url}/healthz`);
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  };

  /** Requests for `ms`, a few at a time; the statuses seen. */
  const load = async (ms: number): Promise<Set<number>> => {
    const seen = new Set<number>();
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const statuses = await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`${url}/v1/plans`).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      for (const status of statuses) seen.add(status);
    }
    return seen;
  };

  it('answers 503 with Retry-After while the database is away, and recovers by itself', async () => {
    expect((await health()).status).toBe(200);
    // Every backend terminated under load: no crash, at worst a 503, then answers again.
    const loading = load(1_500);
    execFileSync(
      join(pgbin ?? '', 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-c',
        "select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'",
      ],
      { stdio: 'ignore' },
    );
    const during = await loading;
    expect(
      [...during].filter((status) => status !== 200 && status !== 503),
      log,
    ).toEqual([]);
    expect(server?.exitCode).toBeNull();

    // The server stopped: 503 with Retry-After, the process alive.
    pg('pg_ctl', ['-D', data(), '-m', 'immediate', 'stop']);
    const away = await health();
    expect(away).toEqual({ status: 503, retryAfter: '5' });
    const seen = await load(500);
    expect([...seen]).toEqual([503]);
    expect(server?.exitCode).toBeNull();

    // Back again: answers without a restart of the service.
    start();
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = (await health()).status;
      if (back !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(back).toBe(200);
    expect(await load(500)).toEqual(new Set([200]));
  }, 90_000);
});
