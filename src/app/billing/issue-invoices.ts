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

/** The organisation's next invoice number; the row lock orders concurrent billing of its clinics. */
async function nextInvoiceNumber(db: Db, orgId: string): Promise<number> {
  const row = await db
    .updateTable('organizations')
    .set((eb) => ({ invoice_seq: eb('invoice_seq', '+', 1) }))
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
  const written = new Set(
    (
      await db
        .selectFrom('invoices')
        .select('billing_key')
        .where('subscription_id', '=', row.id)
        .execute()
    ).map((invoice) => invoice.billing_key),
  );
  const issued: IssuedInvoice[] = [];
  const eventId = await eventIdsOf(
    db,
    log,
    result.invoices.flatMap((invoice) => invoice.lines.map((line) => line.event)),
  );
  for (const invoice of result.invoices) {
    if (invoice.issuedAt.ms > until.getTime()) break;
    const key = new Date(invoice.issuedAt.ms).toISOString();
    if (written.has(key)) continue;
    const id = newId('inv', new Date(invoice.issuedAt.ms));
    const number = await nextInvoiceNumber(db, row.org_id);
    const inserted = await db
      .insertInto('invoices')
      .values({
        org_id: row.org_id,
        id,
        subscription_id: row.id,
        location_id: row.location_id,
        number,
        billing_key: key,
        issued_at: new Date(invoice.issuedAt.ms),
        currency: invoice.currency,
        subtotal: invoice.subtotal,
        credit_applied: invoice.creditApplied,
        total: invoice.total,
        created_at: until,
      })
      .onConflict((conflict) => conflict.columns(['subscription_id', 'billing_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    await db
      .insertInto('invoice_lines')
      .values(
        invoice.lines.map((line, position) => ({
          org_id: row.org_id,
          invoice_id: id,
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
      )
      .execute();
    issued.push({
      id,
      number,
      issuedAt: new Date(invoice.issuedAt.ms).toISOString(),
      subtotal: invoice.subtotal,
      total: invoice.total,
    });
  }
  await db
    .updateTable('subscriptions')
    .set({ billed_through: until })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('billed_through', 'is', null), eb('billed_through', '<', until)]))
    .execute();
  await keepCheckpoint(db, log, result, until);
  // The due index follows the log: the next instant the clock alone changes something.
  const due = nextDueAt(result, until.getTime());
  await db
    .updateTable('subscriptions')
    .set({ next_due_at: due === null ? null : new Date(due) })
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
