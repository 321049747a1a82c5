import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOperatorKey, hasOperatorKey } from '../app/access/operator-keys.js';
import { billDue } from '../app/billing/bill-due.js';
import { buildMissingCheckpoints } from '../app/billing/build-checkpoints.js';
import type { AppContext } from '../app/context.js';
import { seedDemo, type DemoCredentials } from '../app/demo/seed-demo.js';
import { consoleDirectory, serveConsole } from '../http/console-files.js';
import { buildServer } from '../http/server.js';
import { openStore } from '../store/open-database.js';
import type { CommandIo } from './io.js';
import { runDelivery } from '../app/notifications/run-delivery.js';
import { configuredGateway, configuredMail, readServiceConfig } from './service-config.js';

const BILLING_EVERY_MS = 60_000;
/** Messages are sent within seconds of being queued. */
const DELIVERY_EVERY_MS = 2_000;

/**
 * `seatledger serve`: migrate, seed the demo organisation on first run, serve the API (and
 * the console when built), and run the billing every minute.
 */
export async function serveCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const config = readServiceConfig(process.env);
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : config.port;
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
  });
  const context: AppContext = {
    store,
    clock: () => new Date(),
    vendor: config.vendor,
    ...configuredGateway(config),
    ...configuredMail(config),
  };
  await buildMissingCheckpoints(context);
  let demo: DemoCredentials | null = null;
  if (config.demo) demo = await ensureDemo(context, config.dataDir);
  const operatorKey = await ensureOperatorKey(context, config.dataDir);

  const consoleFiles = consoleDirectory();
  const app = await buildServer(context, {
    logger: false,
    trustProxy: config.trustProxy,
    ...(config.rateLimits ? {} : { rateLimits: null }),
    ...(consoleFiles ? { extend: (server) => serveConsole(server, consoleFiles) } : {}),
  });
  const address = await app.listen({ port, host: config.host });
  let billing = false;
  const timer = setInterval(() => {
    // One run at a time: a run longer than the interval is not overlapped by the next.
    if (billing) return;
    billing = true;
    billDue(context, null)
      .then((report) => {
        for (const failure of report.failed) {
          io.stderr.write(
            `billing failed for ${failure.subscriptionId} (${failure.organizationId}): ${failure.error}\n`,
          );
        }
      })
      .catch((error: unknown) => io.stderr.write(`billing run failed: ${String(error)}\n`))
      .finally(() => (billing = false));
  }, BILLING_EVERY_MS);
  let delivering = false;
  const delivery = setInterval(() => {
    if (delivering) return;
    delivering = true;
    runDelivery(context)
      .catch((error: unknown) => io.stderr.write(`delivery failed: ${String(error)}\n`))
      .finally(() => (delivering = false));
  }, DELIVERY_EVERY_MS);
  io.stdout.write(
    `Seatledger is serving on ${address} (${store.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})\n`,
  );
  io.stdout.write(`API reference: ${address}/docs\n`);
  io.stdout.write(
    context.mailer?.name === 'smtp'
      ? `E-mail: over SMTP to ${context.mailer.where}\n`
      : `E-mail: no SMTP_URL, so every message is written to ${context.mailer?.where ?? ''} (.eml files)\n`,
  );
  if (!consoleFiles)
    io.stdout.write('The console is not built: run npm run build to serve it at /\n');
  if (operatorKey)
    io.stdout.write(`Operator key (the catalog and every customer): ${operatorKey}\n`);
  if (demo) {
    io.stdout.write(`Demo sign-in: ${demo.email} / ${demo.password}\n`);
    io.stdout.write(`Demo API key: ${demo.apiKey}\n`);
    for (const other of demo.others ?? []) {
      io.stdout.write(`Also: ${other.organization}, ${other.email} (same password)\n`);
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  clearInterval(delivery);
  await app.close();
  await context.mailer?.close();
  await store.close();
  return 0;
}

/**
 * The vendor's first operator key, made at first start and kept beside the data (readable by
 * its owner only) so every start can print it, as the demo key is. Null when keys already
 * exist but none was made here (a shared PostgreSQL: use `seatledger operator-key`).
 */
async function ensureOperatorKey(context: AppContext, dataDir: string): Promise<string | null> {
  const file = join(dataDir, 'operator-key.json');
  if (await hasOperatorKey(context.store.db)) {
    return existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { key: string }).key
      : null;
  }
  const created = await createOperatorKey(context.store.db, 'First operator key', context.clock());
  mkdirSync(dataDir, { recursive: true });
  writeAtomically(file, `${JSON.stringify(created, null, 2)}\n`);
  return created.key;
}

/** Seed the demo once; its credentials are kept beside the data so every start can print them. */
async function ensureDemo(context: AppContext, dataDir: string): Promise<DemoCredentials | null> {
  const file = join(dataDir, 'demo-credentials.json');
  const organizations = await context.store.db
    .selectFrom('organizations')
    .select('id')
    .limit(1)
    .execute();
  if (organizations.length > 0) {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials) : null;
  }
  const credentials = await seedDemo(context, context.clock());
  mkdirSync(dataDir, { recursive: true });
  writeAtomically(file, `${JSON.stringify(credentials, null, 2)}\n`);
  return credentials;
}

/**
 * Write a file whole or not at all (a new file renamed over it): a server starting beside
 * this one never reads it half written.
 */
function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
}
