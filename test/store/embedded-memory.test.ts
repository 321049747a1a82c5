import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const store = pathToFileURL(
  join(import.meta.dirname, '..', '..', 'dist', 'src', 'store', 'open-database.js'),
);

describe('the embedded database keeps its memory small', () => {
  it('creates a new directory out of process and runs on 16 MB of shared buffers', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'seatledger-memory-'));
    // Measured in a process of its own (the test workers share one): the built store opens a
    // new directory and reports its setting and its WebAssembly memory.
    const code = `
      const { openStore } = await import(${JSON.stringify(store.href)});
      const { sql } = await import('kysely');
      const store = await openStore({ dataDir: ${JSON.stringify(dataDir)} });
      const buffers = await sql\`show shared_buffers\`.execute(store.db);
      console.log(JSON.stringify({ buffers: buffers.rows[0].shared_buffers, external: process.memoryUsage().external }));
      await store.close();`;
    try {
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: join(import.meta.dirname, '..', '..'),
        encoding: 'utf8',
      });
      const measured = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
        buffers: string;
        external: number;
      };
      expect(measured.buffers).toBe('16MB');
      // initdb in the same process used to leave about 630 MiB of WebAssembly memory behind.
      expect(measured.external / (1024 * 1024)).toBeLessThan(350);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
