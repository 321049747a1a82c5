import { PRESETS, writeJson, type JsonValue } from '../core/index.js';
import type { CommandIo } from './io.js';
import { DirectoryLockedError } from '../store/directory-lock.js';
import { openApiDocument } from '../http/openapi-document.js';
import { serveCommand } from './serve-command.js';
import { SIMULATE_USAGE, simulateCommand } from './simulate-command.js';
import {
  billCommand,
  deliverCommand,
  migrateCommand,
  operatorKeyCommand,
} from './store-commands.js';

const HELP = `Seatledger: seat licensing and per-seat billing.

usage:
  seatledger serve [--port N]
      Serve the API on PORT (default 3000): PostgreSQL when DATABASE_URL is set, else an
      embedded PGlite database in DATA_DIR (default ./data), with a demo organisation.
  seatledger migrate
      Bring the database schema up to date.
  seatledger bill [--until T] [--batch N]
      Issue every invoice that has fallen due (by T), once; N subscriptions per
      transaction (default 250).
  seatledger deliver
      Send the e-mail waiting in the queue (SMTP_URL, or the mailbox folder), then exit.
  seatledger operator-key [--name N]
      Make an operator key (the vendor's catalog and back office) and print it once.
  ${SIMULATE_USAGE}
      Run a subscription scenario through the billing engine and print the invoices.
  seatledger presets
      Print the built-in plans as JSON.
  seatledger openapi
      Print the API's OpenAPI 3.1 document.
  seatledger help
`;

/** The command-line entry point: returns the exit code. */
export async function main(args: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'simulate':
      return simulateCommand(rest, io);
    case 'serve':
      return serveCommand(rest, io);
    case 'migrate':
      return migrateCommand(rest, io);
    case 'bill':
      return billCommand(rest, io);
    case 'deliver':
      return deliverCommand(rest, io);
    case 'operator-key':
      return operatorKeyCommand(rest, io);
    case 'openapi':
      io.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
      return 0;
    case 'presets':
      io.stdout.write(`${writeJson(PRESETS as unknown as JsonValue)}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(HELP);
      return 0;
    default:
      io.stderr.write(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}
