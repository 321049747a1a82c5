import { sql } from 'kysely';
import {
  nextDueAt,
  nextReminderAt,
  simulateToCheckpoint,
  type Checkpoint,
  type SimulationResult,
} from '../../core/index.js';
import { insertMany, recordset, type Row } from '../../store/recordset.js';
import type { Db } from '../context.js';
import { newId } from '../ids.js';
import { eventIdsOf, scenarioOf, type SubscriptionLog } from '../subscriptions/subscription-log.js';
import { reserveInvoiceNumbers } from './invoice-numbers.js';

export interface IssuedInvoice {
  readonly id: string;
  readonly number: number;
  readonly issuedAt: string;
  readonly subtotal: bigint;
  readonly total: bigint;
}

/** One subscription to bill through `until`, its row locked by the caller. */
export interface BillingWork {
  readonly log: SubscriptionLog;
  readonly until: Date;
  /** The engine's result through `until` (or later), from the log's checkpoint. */
  readonly result: SimulationResult;
  /**
   * The checkpoint at the result's last invoice, taken in the same run (simulateForBilling);
   * left out, it is derived here when an invoice was issued after the log's checkpoint.
   */
  readonly checkpoint?: Checkpoint | null;
}

const INVOICE_COLUMNS = {
  org_id: 'text',
  id: 'text',
  subscription_id: 'text',
  location_id: 'text',
  number: 'integer',
  billing_key: 'text',
  issued_at: 'timestamptz',
  currency: 'text',
  subtotal: 'bigint',
  credit_applied: 'bigint',
  total: 'bigint',
  created_at: 'timestamptz',
  status: 'text',
  due_at: 'timestamptz',
  next_attempt_at: 'timestamptz',
};

const LINE_COLUMNS = {
  org_id: 'text',
  invoice_id: 'text',
  position: 'integer',
  kind: 'text',
  licence_type: 'text',
  quantity: 'integer',
  period_from: 'timestamptz',
  period_to: 'timestamptz',
  amount: 'bigint',
  description: 'text',
  cause: 'text',
  event_id: 'text',
};

/**
 * Write the invoices the engine says have fallen due by `until` and are not yet written, for
 * one subscription. See `issueInvoices`.
 */
export async function issueDueInvoices(
  db: Db,
  log: SubscriptionLog,
  result: SimulationResult,
  until: Date,
  checkpoint?: Checkpoint | null,
): Promise<IssuedInvoice[]> {
  const work: BillingWork =
    checkpoint === undefined ? { log, until, result } : { log, until, result, checkpoint };
  return (await issueInvoices(db, [work]))[0] ?? [];
}

/**
 * Write, for each subscription, the invoices the engine says have fallen due by its `until`
 * and are not yet written; keep its checkpoint at the last of them; move its due instant.
 * Each invoice has a unique key per subscription (its instant of issue: the engine issues one
 * invoice per instant), so running this twice writes nothing the second time. Every line
 * keeps the id of the fact that caused it. However many subscriptions, a fixed number of
 * statements: one reads what is written, one reserves the numbers, one writes the invoices,
 * one their lines, one the checkpoints, one the due instants.
 */
export async function issueInvoices(
  db: Db,
  works: readonly BillingWork[],
): Promise<IssuedInvoice[][]> {
  if (works.length === 0) return [];
  const written = await writtenKeys(db, works);
  const due = works.map(({ log, result, until }) =>
    result.invoices.filter(
      (invoice) =>
        invoice.issuedAt.ms <= until.getTime() &&
        !written.has(`${log.row.id} ${new Date(invoice.issuedAt.ms).toISOString()}`),
    ),
  );
  const counts = new Map<string, number>();
  for (const [i, { log }] of works.entries()) {
    const count = due[i]?.length ?? 0;
    if (count > 0) counts.set(log.row.org_id, (counts.get(log.row.org_id) ?? 0) + count);
  }
  // Numbers in order of issue within each organisation, from the first reserved.
  const nextNumber = await reserveInvoiceNumbers(db, counts);
  const invoiceRows: Row[] = [];
  const lineRows: Row[] = [];
  const issued: IssuedInvoice[][] = [];
  for (const [i, work] of works.entries()) {
    const { row } = work.log;
    const invoices = due[i] ?? [];
    const eventId = await eventIdsOf(
      db,
      work.log,
      invoices.flatMap((invoice) => invoice.lines.map((line) => line.event)),
    );
    const kept: IssuedInvoice[] = [];
    const { daysUntilDue, method } = work.result.plan.service.collection;
    for (const invoice of invoices) {
      const issuedAt = new Date(invoice.issuedAt.ms);
      const id = newId('inv', issuedAt);
      const number = nextNumber(row.org_id);
      invoiceRows.push({
        org_id: row.org_id,
        id,
        subscription_id: row.id,
        location_id: row.location_id,
        number,
        billing_key: issuedAt.toISOString(),
        issued_at: issuedAt,
        currency: invoice.currency,
        subtotal: String(invoice.subtotal),
        credit_applied: String(invoice.creditApplied),
        total: String(invoice.total),
        created_at: work.until,
        // Nothing to pay is paid; the rest is open until paid, due on the plan's terms.
        status: invoice.total > 0n ? 'open' : 'paid',
        due_at: new Date(invoice.issuedAt.ms + daysUntilDue * 86_400_000),
        // Charged to the card: tried by the next billing run (app/payments/collect-due.ts).
        next_attempt_at: method === 'charge_automatically' && invoice.total > 0n ? issuedAt : null,
      });
      for (const [position, line] of invoice.lines.entries()) {
        lineRows.push({
          org_id: row.org_id,
          invoice_id: id,
          position,
          kind: line.kind,
          licence_type: line.licenceType,
          quantity: line.quantity,
          period_from: new Date(line.from.ms),
          period_to: new Date(line.to.ms),
          amount: String(line.amount),
          description: line.description,
          cause: line.cause,
          event_id: eventId(line.event),
        });
      }
      kept.push({
        id,
        number,
        issuedAt: issuedAt.toISOString(),
        subtotal: invoice.subtotal,
        total: invoice.total,
      });
    }
    issued.push(kept);
  }
  if (invoiceRows.length > 0) {
    await insertMany('invoices', INVOICE_COLUMNS, invoiceRows).execute(db);
  }
  if (lineRows.length > 0) await insertMany('invoice_lines', LINE_COLUMNS, lineRows).execute(db);
  await keepCheckpoints(db, works);
  await moveDueInstants(db, works);
  return issued;
}

/** `subscription billing_key` of the invoices written after each subscription's checkpoint. */
async function writtenKeys(db: Db, works: readonly BillingWork[]): Promise<Set<string>> {
  // Only invoices after the checkpoint can be new: the check reads no further back.
  const after = works.map(({ log }) => ({
    id: log.row.id,
    after: new Date(log.checkpoint?.at ?? Date.UTC(1970, 0, 1)),
  }));
  const { rows } = await sql<{ subscription_id: string; billing_key: string }>`
    select i.subscription_id, i.billing_key
    from ${recordset(after, { id: 'text', after: 'timestamptz' })}
    join invoices i on i.subscription_id = r.id and i.issued_at > r.after`.execute(db);
  return new Set(rows.map((row) => `${row.subscription_id} ${row.billing_key}`));
}

/**
 * Keep each engine's state at the last instant an invoice was issued (by `until`), in the
 * transaction that wrote that invoice: reads then start there. No later fact can be dated at
 * that instant (facts come after an invoiced instant), so resuming from it is exact.
 */
async function keepCheckpoints(db: Db, works: readonly BillingWork[]): Promise<void> {
  const rows = works.flatMap((work) => {
    const checkpoint = checkpointOf(work);
    if (!checkpoint) return [];
    return [
      {
        org_id: work.log.row.org_id,
        subscription_id: work.log.row.id,
        at: new Date(checkpoint.at),
        event_count: checkpoint.eventCount,
        state: checkpoint,
        written_at: work.until,
      },
    ];
  });
  if (rows.length === 0) return;
  await sql`
    ${insertMany('subscription_checkpoints', CHECKPOINT_COLUMNS, rows)}
    on conflict (subscription_id) do update set
      at = excluded.at, event_count = excluded.event_count,
      state = excluded.state, written_at = excluded.written_at`.execute(db);
}

const CHECKPOINT_COLUMNS = {
  org_id: 'text',
  subscription_id: 'text',
  at: 'timestamptz',
  event_count: 'integer',
  state: 'json',
  written_at: 'timestamptz',
};

/** The checkpoint to keep for one subscription: at its last invoice by `until`, if new. */
function checkpointOf({ log, result, until, checkpoint }: BillingWork): Checkpoint | null {
  const since = log.checkpoint?.at ?? -Infinity;
  const last = result.invoices.filter((invoice) => invoice.issuedAt.ms <= until.getTime()).at(-1)
    ?.issuedAt.ms;
  if (last === undefined || last <= since) return null;
  // Taken in the same run, at that instant: as is.
  if (checkpoint?.at === last) return checkpoint;
  const at = new Date(last);
  const scenario = scenarioOf({ ...log, events: log.events.filter((event) => event.at <= at) }, at);
  return simulateToCheckpoint(scenario, log.checkpoint).checkpoint;
}

/**
 * Billed through `until` (never back), and the due index follows the log: the next instant
 * the clock alone changes something.
 */
async function moveDueInstants(db: Db, works: readonly BillingWork[]): Promise<void> {
  const rows = works.map(({ log, result, until }) => {
    const next = nextDueAt(result, until.getTime());
    const reminder = nextReminderAt(result, until.getTime());
    return {
      id: log.row.id,
      until,
      next_due_at: next === null ? null : new Date(next),
      next_reminder_at: reminder === null ? null : new Date(reminder),
    };
  });
  // The next reminder too, never past one still to send (a run that jumps a test clock ahead
  // of it): the reminder pass decides what is due or moot, and moves it on.
  await sql`
    update subscriptions s
    set billed_through = greatest(s.billed_through, r.until), next_due_at = r.next_due_at,
        next_reminder_at = least(s.next_reminder_at, r.next_reminder_at)
    from ${recordset(rows, {
      id: 'text',
      until: 'timestamptz',
      next_due_at: 'timestamptz',
      next_reminder_at: 'timestamptz',
    })}
    where s.id = r.id`.execute(db);
}
