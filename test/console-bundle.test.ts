import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const assets = join(import.meta.dirname, '..', 'web', 'dist', 'assets');

describe('the console build', () => {
  it('ships at most 250 KB of JavaScript, gzipped', () => {
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length,
      0,
    );
    expect(gzipped).toBeLessThanOrEqual(250 * 1024);
  });
});
