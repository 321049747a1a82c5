import { sql } from 'kysely';
import { nextDueAt, simulateToCheckpoint, type SimulationResult } from '../../core/index.js';
import type { Db } from '../context.js';
import { newId } from '../ids.js';
import { eventIdsOf, scenarioOf, type SubscriptionLog } from '../subscriptions/subscription-log.js';

export interface IssuedInvoice {
  readonly id: string;
  readonly number: number;
  readonly issuedAt: string;
  readonly subtotal: bigint;
  readonly total: bigint;
}

/**
 * Reserve `count` invoice numbers of the organisation, in one statement; returns the last.
 * The organisation row's lock orders concurrent billing of its clinics.
 */
async function reserveInvoiceNumbers(db: Db, orgId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('organizations')
    .set((eb) => ({ invoice_seq: eb('invoice_seq', '+', count) }))
    .where('id', '=', orgId)
    .returning('invoice_seq')
    .executeTakeFirstOrThrow();
  return row.invoice_seq;
}

/**
 * Write the invoices the engine says have fallen due by `until` and are not yet written.
 * Each has a unique key per subscription (its instant of issue: the engine issues one
 * invoice per instant), so running this twice writes nothing the second time. Every line
 * keeps the id of the fact that caused it.
 */
export async function issueDueInvoices(
  db: Db,
  log: SubscriptionLog,
  result: SimulationResult,
  until: Date,
): Promise<IssuedInvoice[]> {
  const { row } = log;
  // Only invoices after the checkpoint can be new: the check reads no further back.
  const after = new Date(log.checkpoint?.at ?? Date.UTC(1970, 0, 1));
  const written = new Set(
    (
      await db
        .selectFrom('invoices')
        .select('billing_key')
        .where('subscription_id', '=', row.id)
        .where('issued_at', '>', after)
        .execute()
    ).map((invoice) => invoice.billing_key),
  );
  const due = result.invoices.filter(
    (invoice) =>
      invoice.issuedAt.ms <= until.getTime() &&
      !written.has(new Date(invoice.issuedAt.ms).toISOString()),
  );
  const issued: IssuedInvoice[] = [];
  if (due.length > 0) {
    const eventId = await eventIdsOf(
      db,
      log,
      due.flatMap((invoice) => invoice.lines.map((line) => line.event)),
    );
    // Numbers for all of them at once, in order of issue; then one statement for the
    // invoices and one for their lines. The subscription's row lock makes them the only
    // writer of these invoices.
    const last = await reserveInvoiceNumbers(db, row.org_id, due.length);
    const rows = due.map((invoice, i) => ({
      org_id: row.org_id,
      id: newId('inv', new Date(invoice.issuedAt.ms)),
      subscription_id: row.id,
      location_id: row.location_id,
      number: last - due.length + 1 + i,
      billing_key: new Date(invoice.issuedAt.ms).toISOString(),
      issued_at: new Date(invoice.issuedAt.ms),
      currency: invoice.currency,
      subtotal: invoice.subtotal,
      credit_applied: invoice.creditApplied,
      total: invoice.total,
      created_at: until,
    }));
    await db.insertInto('invoices').values(rows).execute();
    const lines = due.flatMap((invoice, i) =>
      invoice.lines.map((line, position) => ({
        org_id: row.org_id,
        invoice_id: rows[i]?.id ?? '',
        position,
        kind: line.kind,
        licence_type: line.licenceType,
        quantity: line.quantity,
        period_from: new Date(line.from.ms),
        period_to: new Date(line.to.ms),
        amount: line.amount,
        description: line.description,
        cause: line.cause,
        event_id: eventId(line.event),
      })),
    );
    if (lines.length > 0) await db.insertInto('invoice_lines').values(lines).execute();
    for (const [i, invoice] of due.entries()) {
      const kept = rows[i];
      if (!kept) continue;
      issued.push({
        id: kept.id,
        number: kept.number,
        issuedAt: kept.issued_at.toISOString(),
        subtotal: invoice.subtotal,
        total: invoice.total,
      });
    }
  }
  await keepCheckpoint(db, log, result, until);
  // Billed through `until` (never back), and the due index follows the log: the next
  // instant the clock alone changes something.
  const next = nextDueAt(result, until.getTime());
  await db
    .updateTable('subscriptions')
    .set((eb) => ({
      billed_through: sql<Date>`greatest(${eb.ref('billed_through')}, ${until}::timestamptz)`,
      next_due_at: next === null ? null : new Date(next),
    }))
    .where('id', '=', row.id)
    .execute();
  return issued;
}

/**
 * Keep the engine's state at the last instant an invoice was issued (by `until`), in the
 * transaction that wrote that invoice: reads then start there. No later fact can be dated at
 * that instant (facts come after an invoiced instant), so resuming from it is exact.
 */
async function keepCheckpoint(
  db: Db,
  log: SubscriptionLog,
  result: SimulationResult,
  until: Date,
): Promise<void> {
  const issued = result.invoices.filter((invoice) => invoice.issuedAt.ms <= until.getTime());
  const last = issued.at(-1)?.issuedAt.ms;
  if (last === undefined || last <= (log.checkpoint?.at ?? -Infinity)) return;
  const at = new Date(last);
  const scenario = scenarioOf({ ...log, events: log.events.filter((event) => event.at <= at) }, at);
  const { checkpoint } = simulateToCheckpoint(scenario, log.checkpoint);
  const state = JSON.stringify(checkpoint);
  await db
    .insertInto('subscription_checkpoints')
    .values({
      org_id: log.row.org_id,
      subscription_id: log.row.id,
      at,
      event_count: checkpoint.eventCount,
      state,
      written_at: until,
    })
    .onConflict((conflict) =>
      conflict.column('subscription_id').doUpdateSet({
        at,
        event_count: checkpoint.eventCount,
        state,
        written_at: until,
      }),
    )
    .execute();
}
