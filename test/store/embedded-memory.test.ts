import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-database.js';

const MiB = 1024 * 1024;

describe('the embedded database keeps its memory small', () => {
  it('creates a new directory out of process and runs on 16 MB of shared buffers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'seatledger-memory-'));
    const before = process.memoryUsage().external;
    const store = await openStore({ dataDir });
    try {
      const buffers = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(store.db);
      expect(buffers.rows[0]?.shared_buffers).toBe('16MB');
      // initdb in this process used to leave about 630 MiB of WebAssembly memory behind.
      const grown = (process.memoryUsage().external - before) / MiB;
      expect(grown).toBeLessThan(350);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
