import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The API benchmark, run by bench/api-bench.sh once PostgreSQL is up (DATABASE_URL, PGBIN).
 * Baseline: pgbench -N (the simple-update TPC-B-like script) with 32 clients for 10 s on a
 * database of the same server. Then `seatledger serve` on the same server, and 32 clients
 * each assigning and releasing a licence of their own staff member over HTTP for 10 s.
 */
const CLIENTS = 32;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const databaseUrl = process.env['DATABASE_URL'];
if (!databaseUrl) throw new Error('DATABASE_URL is not set: run npm run bench:api');
const pgbin = process.env['PGBIN'] ?? '/usr/lib/postgresql/15/bin';

function pgbench(): number {
  const env = { ...process.env, PGDATABASE: 'bench_pgbench' };
  execFileSync(join(pgbin, 'createdb'), ['bench_pgbench'], { env });
  execFileSync(join(pgbin, 'pgbench'), ['-i', '-q', '-s', '10'], { env, stdio: 'ignore' });
  const output = execFileSync(
    join(pgbin, 'pgbench'),
    ['-N', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS)],
    {
      env,
      encoding: 'utf8',
    },
  );
  const match = /tps = ([\d.]+)/.exec(output);
  if (!match?.[1]) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(match[1]);
}

async function startServer(): Promise<{ url: string; pid: number; stop: () => void }> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the server there.
  const profile = process.env['BENCH_PROFILE'];
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, 'bin/seatledger.js', 'serve', '--port', '0'], {
    env: { ...process.env, SEATLEDGER_DEMO: '0', DATABASE_POOL_SIZE: '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

// node:http with a keep-alive agent: a lighter client than fetch, since the clients share
// the machine's two cores with the server and PostgreSQL.
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function call(
  url: string,
  method: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat: 12 and 13 after the command's name.
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** CPU seconds used so far by every PostgreSQL process (the server and its backends). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match?.[1] ? Number(match[1]) / 1024 : 0;
}

/**
 * For scale: the round trips an assignment makes (begin, four statements, commit) with no
 * work in them, through `pg` from Node with the server's pool size, 32 at a time for 5 s. The
 * most this design could reach on this machine before any of the service's own work.
 */
async function roundTripFloor(): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  let done = 0;
  const until = performance.now() + 5000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      while (performance.now() < until) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          for (let n = 0; n < 4; n++) await client.query('select $1::text as id', [`s${i}`]);
          await client.query('commit');
        } finally {
          client.release();
        }
        done += 1;
      }
    }),
  );
  await pool.end();
  return done / 5;
}

const baseline = pgbench();
console.log(`baseline: pgbench -N, ${CLIENTS} clients, ${SECONDS} s: ${baseline.toFixed(0)} tx/s`);
const floor = await roundTripFloor();
console.log(
  `for scale: begin, four empty statements, commit through pg: ${floor.toFixed(0)} tx/s, ${(floor / baseline).toFixed(2)} of pgbench -N`,
);

const server = await startServer();
const signUp = await fetch(`${server.url}/v1/organizations`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    name: 'Benchmark clinic',
    plan: 'per-provider',
    seats: { provider: CLIENTS + 1, admin: 1 },
    locations: [{ name: 'Main' }],
    owner: {
      name: 'Owner',
      email: `bench-${Date.now()}@example.test`,
      password: 'bench-password-1',
    },
  }),
});
const key = ((await signUp.json()) as { apiKey: string }).apiKey;
const staff: string[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const created = await call(`${server.url}/v1/staff`, 'POST', key, {
    name: `Client ${i}`,
    email: `client-${i}-${Date.now()}@example.test`,
  });
  staff.push(created.json['id'] as string);
}

const latencies: number[] = [];
let failures = 0;
const cpuBefore = cpuSeconds(server.pid);
const postgresBefore = postgresCpuSeconds();
const deadline = performance.now() + SECONDS * 1000;
await Promise.all(
  staff.map(async (id) => {
    while (performance.now() < deadline) {
      for (const [method, url, body] of [
        ['POST', `${server.url}/v1/staff/${id}/licences`, { licenceType: 'provider' }],
        ['DELETE', `${server.url}/v1/staff/${id}/licences/provider`, undefined],
      ] as const) {
        const started = performance.now();
        const response = await call(url, method, key, body);
        latencies.push(performance.now() - started);
        if (response.status >= 300) failures += 1;
      }
    }
  }),
);

const serverCpu = cpuSeconds(server.pid) - cpuBefore;
const postgresCpu = postgresCpuSeconds() - postgresBefore;

// For scale: the same server and clients on the lightest request that reaches the database.
let pings = 0;
const pingDeadline = performance.now() + 5000;
await Promise.all(
  staff.map(async () => {
    while (performance.now() < pingDeadline) {
      await call(`${server.url}/healthz`, 'GET', key);
      pings += 1;
    }
  }),
);
const peak = peakRssMiB(server.pid);
server.stop();
console.log(
  `for scale: GET /healthz (one query a request): ${(pings / 5).toFixed(0)} requests/s, ${(pings / 5 / baseline).toFixed(2)} of pgbench -N`,
);

latencies.sort((a, b) => a - b);
const rate = latencies.length / SECONDS;
const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
const p50 = latencies[Math.floor(latencies.length * 0.5)] ?? 0;
console.log(
  `api: ${latencies.length} requests in ${SECONDS} s, ${failures} failed, p50 ${p50.toFixed(1)} ms, server CPU ${((serverCpu * 1000) / Math.max(1, latencies.length)).toFixed(2)} ms a request, PostgreSQL CPU ${((postgresCpu * 1000) / Math.max(1, latencies.length)).toFixed(2)} ms`,
);
console.log(
  `api: ${rate.toFixed(0)} tx/s, p99 ${p99.toFixed(1)} ms, ${(rate / baseline).toFixed(2)} of pgbench -N (${baseline.toFixed(0)} tx/s), peak ${peak.toFixed(0)} MiB`,
);
