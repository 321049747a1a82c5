import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding, serveConsole } from '../../src/http/console-files.js';

/** The console's files: compressed once, by what the browser accepts, cached as they should be. */
describe('serving the console', () => {
  const app = Fastify();
  const script = `console.log(${JSON.stringify('seatledger '.repeat(500))});\n`;
  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(directory, 'assets'));
    writeFileSync(
      join(directory, 'index.html'),
      `<!doctype html><title>x</title>${'<p>'.repeat(300)}`,
    );
    writeFileSync(join(directory, 'assets', 'index-abc123.js'), script);
    await serveConsole(app, directory);
  });
  afterAll(() => app.close());

  it('sends brotli, else gzip, else the plain bytes; hashed assets immutable for a year', async () => {
    const url = '/assets/index-abc123.js';
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('accept-encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    const page = await app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('br');
  });

  it('reads Accept-Encoding as written, q=0 refusing', () => {
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('*')).toBe('gzip');
    expect(pickEncoding(undefined)).toBe(null);
    expect(pickEncoding('GZIP;q=0.5')).toBe('gzip');
  });
});
