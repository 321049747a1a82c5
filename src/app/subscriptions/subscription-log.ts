import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { parseScenario, simulate, type Scenario, type SimulationResult } from '../../core/index.js';
import type { SubscriptionEventRow, SubscriptionRow } from '../../store/schema.js';
import { notFound } from '../app-error.js';
import type { Db } from '../context.js';

/** A subscription with its log of dated facts, as loaded for one decision. */
export interface SubscriptionLog {
  readonly row: SubscriptionRow;
  readonly events: readonly SubscriptionEventRow[];
}

/**
 * The subscription row and its whole log (optionally locking the row first). The lock is its
 * own statement: under READ COMMITTED a statement reads the snapshot taken when it started,
 * so a log read in the statement that waited for the lock would miss what the holder
 * committed. Read after the lock, concurrent changes queue and each sees the last.
 */
export async function loadSubscriptionLog(
  db: Db,
  orgId: string,
  subscriptionId: string,
  options: { lock: boolean },
): Promise<SubscriptionLog> {
  if (options.lock) await lockSubscriptionRow(db, orgId, subscriptionId);
  const query = db
    .selectFrom('subscriptions')
    .selectAll('subscriptions')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('subscription_events')
          .selectAll('subscription_events')
          .whereRef('subscription_events.subscription_id', '=', 'subscriptions.id')
          .orderBy('subscription_events.seq'),
      ).as('events'),
    )
    .where('subscriptions.org_id', '=', orgId)
    .where('subscriptions.id', '=', subscriptionId);
  const found = await query.executeTakeFirst();
  if (!found) throw notFound('Subscription', 'subscriptionId');
  const { events, ...row } = found;
  return {
    row,
    // Rows read through JSON carry their instants as text.
    events: events.map((event) => ({
      ...event,
      at: new Date(event.at as unknown as string),
      created_at: new Date(event.created_at as unknown as string),
    })),
  };
}

/** Lock a subscription's row for the rest of the transaction: its changes queue behind it. */
export async function lockSubscriptionRow(
  db: Db,
  orgId: string,
  subscriptionId: string,
): Promise<void> {
  const locked = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', subscriptionId)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw notFound('Subscription', 'subscriptionId');
}

/**
 * The log as a scenario of the simulator's contract, run until `until`, or until the last
 * fact when that is later (a fact recorded a millisecond after an instant already invoiced).
 */
export function scenarioOf(log: SubscriptionLog, until: Date): Scenario {
  const { row } = log;
  const last = log.events.at(-1)?.at;
  const end = [until, row.start_at, ...(last ? [last] : [])].reduce((a, b) => (a > b ? a : b));
  const input = {
    plan: row.plan,
    timeZone: row.time_zone,
    start: row.start_at.toISOString(),
    billingAnchor: row.billing_anchor.toISOString(),
    seats: row.seats,
    events: log.events.map((event) => ({
      ...event.payload,
      at: event.at.toISOString(),
      op: event.op,
    })),
    until: end.toISOString(),
  };
  const parsed = parseScenario(input);
  if (!parsed.ok) {
    throw new Error(
      `subscription ${row.id} log is not a valid scenario: ${parsed.issue.path}: ${parsed.issue.message}`,
    );
  }
  return parsed.scenario;
}

/** Where the subscription stands at `until`, derived from its log by the engine. */
export function stateAt(log: SubscriptionLog, until: Date): SimulationResult {
  return simulate(scenarioOf(log, until));
}

/**
 * The instant a new fact is recorded at: now, but never before an instant already billed or
 * an earlier fact, and never at an instant an invoice was issued, so the invoices already
 * issued never change. A fact at exactly the instant billed to, when no invoice was issued
 * then, is in time: a removal at exactly the cutoff is not deferred by a millisecond.
 */
export function nextFactTime(log: SubscriptionLog, now: Date): Date {
  let at = now.getTime();
  const billed = log.row.billed_through?.getTime();
  if (billed !== undefined && at <= billed) {
    at = billed;
    const issuedThen = stateAt(log, new Date(billed)).invoices.some(
      (invoice) => invoice.issuedAt.ms === billed,
    );
    if (issuedThen) at = billed + 1;
  }
  const last = log.events.at(-1)?.at.getTime();
  if (last !== undefined && at < last) at = last;
  const start = log.row.start_at.getTime();
  return new Date(Math.max(at, start));
}

export async function subscriptionsOf(db: Db, orgId: string): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy(sql`location_id nulls first`)
    .orderBy('id')
    .execute();
}
