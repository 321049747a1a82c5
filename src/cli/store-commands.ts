import { createOperatorKey } from '../app/access/operator-keys.js';
import { billDue, DEFAULT_BATCH, MAX_BATCH } from '../app/billing/bill-due.js';
import { buildMissingCheckpoints } from '../app/billing/build-checkpoints.js';
import { migrate } from '../store/migrate.js';
import { openStore } from '../store/open-database.js';
import type { CommandIo } from './io.js';
import { LEASE_MS } from '../app/notifications/deliver-messages.js';
import { runDelivery } from '../app/notifications/run-delivery.js';
import { configuredGateway, configuredMail, readServiceConfig } from './service-config.js';

/** `seatledger migrate`: bring the schema up to date. */
export async function migrateCommand(_args: readonly string[], io: CommandIo): Promise<number> {
  const config = readServiceConfig(process.env);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrate(store.db);
    io.stdout.write(
      applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is up to date\n',
    );
    const built = await buildMissingCheckpoints({ store, clock: () => new Date() });
    if (built > 0) io.stdout.write(`checkpoints built: ${built}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `seatledger bill [--until T] [--batch N]`: issue what has fallen due, once. */
export async function billCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const at = args.indexOf('--until');
  let until: Date | null = null;
  if (at >= 0) {
    until = new Date(args[at + 1] ?? '');
    if (Number.isNaN(until.getTime())) {
      io.stderr.write('--until: must be an RFC 3339 instant, such as 2026-12-01T00:00:00Z\n');
      return 2;
    }
  }
  const batchAt = args.indexOf('--batch');
  const batch = batchAt >= 0 ? Number(args[batchAt + 1]) : DEFAULT_BATCH;
  if (!Number.isSafeInteger(batch) || batch < 1 || batch > MAX_BATCH) {
    io.stderr.write(`--batch: a whole number of subscriptions from 1 to ${MAX_BATCH}\n`);
    return 2;
  }
  const config = readServiceConfig(process.env);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const started = performance.now();
    const report = await billDue(
      { store, clock: () => new Date(), ...configuredGateway(config) },
      until,
      null,
      batch,
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    io.stdout.write(
      `billed ${report.subscriptions} subscriptions: ${report.invoicesIssued} invoices issued, ${report.failed.length} failed in ${seconds} s\n`,
    );
    for (const failure of report.failed) {
      io.stderr.write(
        `billing failed for ${failure.subscriptionId} (${failure.organizationId}): ${failure.error}\n`,
      );
    }
    // The others were billed; a failure still makes the run's status say so.
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

/**
 * `seatledger deliver`: send every message due in the queue, then exit (a worker beside the
 * servers, from cron or a loop; any number of them share the queue).
 */
export async function deliverCommand(_args: readonly string[], io: CommandIo): Promise<number> {
  const config = readServiceConfig(process.env);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const context = {
    store,
    clock: () => new Date(),
    vendor: config.vendor,
    ...configuredMail(config),
  };
  // MAIL_LEASE_SECONDS: how long claimed messages are this worker's (default 300; webhook
  // deliveries at most 60).
  const leaseMs = (Number(process.env['MAIL_LEASE_SECONDS']) || LEASE_MS / 1000) * 1000;
  try {
    const total = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const report = await runDelivery(context, leaseMs);
      total.sent += report.sent;
      total.retrying += report.retrying;
      total.failed += report.failed;
      if (report.sent + report.retrying + report.failed + report.announced + report.webhooks === 0)
        break;
    }
    io.stdout.write(
      `delivered ${total.sent} messages (${context.mailer.name}: ${context.mailer.where}); ${total.retrying} to be tried again, ${total.failed} failed\n`,
    );
    return 0;
  } finally {
    await context.mailer.close();
    await store.close();
  }
}

/** `seatledger operator-key [--name N]`: a new operator key, printed once. */
export async function operatorKeyCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const at = args.indexOf('--name');
  const name = at >= 0 ? (args[at + 1] ?? '') : 'Operator key';
  if (name.length < 1 || name.length > 200) {
    io.stderr.write('--name: 1 to 200 characters\n');
    return 2;
  }
  const config = readServiceConfig(process.env);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const created = await createOperatorKey(store.db, name, new Date());
    io.stdout.write(`operator key ${created.id} (shown once): ${created.key}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
