import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

interface ConsoleFile {
  readonly body: Buffer;
  readonly type: string;
  readonly immutable: boolean;
  /** The same bytes compressed once at start, where that makes them smaller. */
  readonly br: Buffer | null;
  readonly gzip: Buffer | null;
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json']);

function compressed(body: Buffer, name: string): Pick<ConsoleFile, 'br' | 'gzip'> {
  if (!COMPRESSIBLE.has(extname(name)) || body.length < 512) return { br: null, gzip: null };
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gzip = gzipSync(body, { level: 9 });
  return {
    br: br.length < body.length ? br : null,
    gzip: gzip.length < body.length ? gzip : null,
  };
}

/** The encoding to answer with: brotli, then gzip, where the client accepts it (q > 0). */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: ConsoleFile) {
  reply
    .type(file.type)
    .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('vary', 'accept-encoding');
  const encoding = pickEncoding(request.headers['accept-encoding']);
  const body = encoding ? file[encoding] : null;
  if (encoding && body) return reply.header('content-encoding', encoding).send(body);
  return reply.send(file.body);
}

/**
 * Serve the console's files at `/`, read and compressed (brotli and gzip) once into memory (a
 * few hundred kilobytes). Hashed assets are cached for a year, immutable; index.html is
 * revalidated.
 */
export async function serveConsole(app: FastifyInstance, directory: string): Promise<void> {
  const files = new Map<string, ConsoleFile>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const url = `/${relative(directory, path).split('\\').join('/')}`;
        const body = readFileSync(path);
        files.set(url, {
          body,
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          immutable: url.startsWith('/assets/'),
          ...compressed(body, name),
        });
      }
    }
  };
  walk(directory);
  const index = files.get('/index.html');
  if (!index) return;
  app.get('/', async (request, reply) => sendFile(request, reply, index));
  app.get('/assets/*', async (request, reply) => {
    const file = files.get(request.url.split('?')[0] ?? '');
    if (!file) return reply.callNotFound();
    return sendFile(request, reply, file);
  });
}
