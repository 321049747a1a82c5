import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-database.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'seatledger.js');
const example = join(root, 'examples', 'licence-added-mid-month.json');

function run(
  args: string[],
  input?: string,
  env: NodeJS.ProcessEnv = process.env,
): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const scenario = {
  plan: 'per-provider',
  start: '2026-03-01',
  seats: { provider: 2 },
  events: [{ at: '2026-03-16', op: 'add', seats: { provider: -1 } }],
  until: '2026-04-01',
};

describe('seatledger simulate (the built binary)', () => {
  it('prints the result as JSON and exits 0', () => {
    const { code, stdout, stderr } = run(['simulate', example]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as { invoices: { subtotal: number }[] };
    expect(result.invoices.map((i) => i.subtotal)).toEqual([19600, 27187]);
  });

  it('is deterministic: the same file gives the same bytes', () => {
    expect(run(['simulate', example]).stdout).toBe(run(['simulate', example]).stdout);
  });

  it('reads standard input for -', () => {
    const text = JSON.stringify({ ...scenario, events: [] });
    const { code, stdout } = run(['simulate', '-'], text);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'active', seats: { provider: 2 } });
  });

  it('exits 2 naming the JSON path of the fault, printing nothing on stdout', () => {
    const { code, stdout, stderr } = run(['simulate', '-'], JSON.stringify(scenario));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('events[0].seats.provider: must be an integer >= 0\n');
  });

  it('exits 2 for text that is not JSON and for a missing file', () => {
    expect(run(['simulate', '-'], '{"plan":').code).toBe(2);
    const missing = run(['simulate', join(root, 'no-such-file.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });

  it('prints a table for people with --format table', () => {
    const { code, stdout } = run(['simulate', '--format', 'table', example]);
    expect(code).toBe(0);
    expect(stdout).toContain('Invoice 2, issued 2026-06-01');
    expect(stdout).toContain('26.87');
    expect(stdout).toContain('1 x practitioner added, 15 May - 31 May 2026 (17/31 of a month)');
  });

  it('rejects unknown options and commands with exit 2', () => {
    expect(run(['simulate', '--fast', example]).code).toBe(2);
    expect(run(['simulate', '--format', 'xml', example]).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });

  it('lists the presets', () => {
    const { code, stdout } = run(['presets']);
    expect(code).toBe(0);
    expect(Object.keys(JSON.parse(stdout) as object)).toEqual([
      'prorated-monthly',
      'clinic-requests',
      'per-provider',
      'annual-term-blocks',
    ]);
  });
});

describe('seatledger migrate and bill (the built binary, on an embedded database)', () => {
  it('migrates once, bills idempotently, and refuses a bad --until', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'seatledger-cli-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    try {
      expect(run(['migrate'], undefined, env)).toMatchObject({
        code: 0,
        stdout: 'the schema is up to date\n',
      });
      expect(run(['bill', '--until', 'tomorrow'], undefined, env)).toMatchObject({ code: 2 });
      for (const batch of ['0', '1.5', 'many', '5001'])
        expect(run(['bill', '--batch', batch], undefined, env)).toMatchObject({
          code: 2,
          stderr: expect.stringContaining('--batch') as unknown,
        });
      expect(run(['bill', '--until', '2030-01-01T00:00:00Z'], undefined, env)).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(
          /^billed 0 subscriptions: 0 invoices issued, 0 failed in \d+\.\d{3} s\n$/,
        ),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a second process on the same embedded database directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'seatledger-lock-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const store = await openStore({ dataDir });
    try {
      const second = run(['bill'], undefined, env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('in use by another Seatledger process');
      // In this process too: one store per directory.
      await expect(openStore({ dataDir })).rejects.toThrow(/in use/);
    } finally {
      await store.close();
    }
    // Released on close: the directory opens again.
    expect(run(['migrate'], undefined, env).code).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
