import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The built console (web/dist), found from this module upwards to the package root. */
export function consoleDirectory(): string | null {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(folder, 'package.json'))) {
      const dist = join(folder, 'web', 'dist');
      return existsSync(join(dist, 'index.html')) ? dist : null;
    }
    folder = dirname(folder);
  }
  return null;
}

/**
 * Serve the console's files at `/`, read once into memory (a few hundred kilobytes).
 * Hashed assets are cached for a year; index.html is revalidated.
 */
export async function serveConsole(app: FastifyInstance, directory: string): Promise<void> {
  const files = new Map<string, { body: Buffer; type: string; immutable: boolean }>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const url = `/${relative(directory, path).split('\\').join('/')}`;
        files.set(url, {
          body: readFileSync(path),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(directory);
  const index = files.get('/index.html');
  if (!index) return;
  const send = (file: typeof index) => ({
    ...file,
    cache: file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  app.get('/', async (_request, reply) => {
    const file = send(index);
    return reply.type(file.type).header('cache-control', file.cache).send(file.body);
  });
  app.get('/assets/*', async (request, reply) => {
    const file = files.get(request.url.split('?')[0] ?? '');
    if (!file) return reply.callNotFound();
    const sent = send(file);
    return reply.type(sent.type).header('cache-control', sent.cache).send(sent.body);
  });
}
