import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import {
  checkpointPlans,
  parseScenario,
  readPlan,
  resume,
  simulate,
  simulateForBilling,
  type Checkpoint,
  type Plan,
  type Scenario,
  type SimulationResult,
} from '../../core/index.js';
import type { SubscriptionEventRow, SubscriptionRow } from '../../store/schema.js';
import { notFound } from '../app-error.js';
import type { Db } from '../context.js';

/**
 * A subscription as loaded for one decision: its row, its latest checkpoint (the engine's
 * state at its last invoiced instant) and the facts after it; or, with `full`, or before any
 * checkpoint exists, every fact from the start.
 */
export interface SubscriptionLog {
  readonly row: SubscriptionRow;
  readonly checkpoint: Checkpoint | null;
  /** The index in the whole log of `events[0]`: the checkpoint's count of facts. */
  readonly offset: number;
  readonly events: readonly SubscriptionEventRow[];
}

/**
 * The subscription row, its checkpoint and the facts after it, in one round trip (optionally
 * locking the row first). The lock is its own statement: under READ COMMITTED a statement
 * reads the snapshot taken when it started, so a log read in the statement that waited for
 * the lock would miss what the holder committed. Read after the lock, concurrent changes
 * queue and each sees the last.
 */
export async function loadSubscriptionLog(
  db: Db,
  orgId: string,
  subscriptionId: string,
  options: { lock: boolean; full?: boolean },
): Promise<SubscriptionLog> {
  if (options.lock) await lockSubscriptionRow(db, orgId, subscriptionId);
  const found = await logQuery(db, options.full === true)
    .where('subscriptions.org_id', '=', orgId)
    .where('subscriptions.id', '=', subscriptionId)
    .executeTakeFirst();
  if (!found) throw notFound('Subscription', 'subscriptionId');
  return logOf(found, options.full === true);
}

/**
 * The logs of several subscriptions (a billing run's batch, their rows locked by the caller),
 * each from its checkpoint, in one round trip. Those not found are left out.
 */
export async function loadSubscriptionLogs(
  db: Db,
  subscriptionIds: readonly string[],
): Promise<Map<string, SubscriptionLog>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await logQuery(db, false).where('subscriptions.id', 'in', subscriptionIds).execute();
  return new Map(rows.map((row) => [row.id, logOf(row, false)]));
}

function logQuery(db: Db, full: boolean) {
  return db
    .selectFrom('subscriptions')
    .leftJoin('subscription_checkpoints as c', (join) =>
      join.onRef('c.subscription_id', '=', 'subscriptions.id').on(sql.lit(!full)),
    )
    .selectAll('subscriptions')
    .select(['c.event_count as checkpoint_count', 'c.state as checkpoint_state'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('subscription_events')
          .selectAll('subscription_events')
          .whereRef('subscription_events.subscription_id', '=', 'subscriptions.id')
          .where(
            'subscription_events.seq',
            '>=',
            full ? sql.lit(0) : sql<number>`coalesce(c.event_count, 0)`,
          )
          .orderBy('subscription_events.seq'),
      ).as('events'),
    );
}

type LogRow = Awaited<ReturnType<ReturnType<typeof logQuery>['executeTakeFirstOrThrow']>>;

function logOf(found: LogRow, full: boolean): SubscriptionLog {
  const { events, checkpoint_count, checkpoint_state, ...row } = found;
  const checkpoint = full ? null : ((checkpoint_state ?? null) as Checkpoint | null);
  return {
    row,
    checkpoint,
    offset: checkpoint ? (checkpoint_count ?? 0) : 0,
    // Rows read through JSON carry their instants as text.
    events: events.map((event) => ({
      ...event,
      at: new Date(event.at as unknown as string),
      created_at: new Date(event.created_at as unknown as string),
    })),
  };
}

/** The id of the fact at `index` of the whole log, when it is among those loaded. */
export function eventIdAt(log: SubscriptionLog, index: number | null): string | null {
  return index === null ? null : (log.events[index - log.offset]?.id ?? null);
}

/**
 * Ids of the facts at these indexes of the whole log: those loaded, and those before the
 * checkpoint (a cancellation's end credit, a renewal) read by their sequence number, so every
 * line still names the fact that caused it.
 */
export async function eventIdsOf(
  db: Db,
  log: SubscriptionLog,
  indexes: Iterable<number | null>,
): Promise<(index: number | null) => string | null> {
  const before = [...new Set(indexes)].filter(
    (index): index is number => index !== null && index < log.offset,
  );
  const earlier = new Map<number, string>();
  if (before.length > 0) {
    const rows = await db
      .selectFrom('subscription_events')
      .select(['seq', 'id'])
      .where('subscription_id', '=', log.row.id)
      .where('seq', 'in', before)
      .execute();
    for (const row of rows) earlier.set(row.seq, row.id);
  }
  return (index) =>
    index === null
      ? null
      : index < log.offset
        ? (earlier.get(index) ?? null)
        : eventIdAt(log, index);
}

/** How many facts the whole log holds. */
export function factCount(log: SubscriptionLog): number {
  return log.offset + log.events.length;
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
 * The log as a scenario of the simulator's contract (the facts after the checkpoint, if any),
 * run until `until`, or until the last fact when that is later (a fact recorded a millisecond
 * after an instant already invoiced).
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
  let plan: Plan;
  try {
    plan = storedPlan(row.plan);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`subscription ${row.id} plan is not a valid plan: ${reason}`, { cause: error });
  }
  const parsed = parseScenario(input, { ...knownPlansOf(log), plan, serviceFacts: true });
  if (!parsed.ok) {
    throw new Error(
      `subscription ${row.id} log is not a valid scenario: ${parsed.issue.path}: ${parsed.issue.message}`,
    );
  }
  return parsed.scenario;
}

/**
 * A stored plan definition, read once per process: many subscriptions share one (the version
 * sold), and every request and billing run reads it. Keyed by its JSON text; a plan read is
 * an immutable value, so one object serves them all. Bounded: cleared when full.
 */
const PLANS_KEPT = 1000;
const plansRead = new Map<string, Plan>();

export function storedPlan(definition: unknown): Plan {
  const key = JSON.stringify(definition);
  const known = plansRead.get(key);
  if (known) return known;
  const read = readPlan(definition, 'plan');
  if (plansRead.size >= PLANS_KEPT) plansRead.clear();
  plansRead.set(key, read);
  return read;
}

/** The plans whose licence types facts after the checkpoint may name. */
export function knownPlansOf(log: SubscriptionLog): { knownPlans: readonly Plan[] } {
  if (!log.checkpoint) return { knownPlans: [] };
  const { plan, renewal } = checkpointPlans(log.checkpoint);
  return { knownPlans: renewal ? [plan, renewal] : [plan] };
}

/** Where the subscription stands at `until`, derived by the engine from its checkpoint and log. */
export function stateAt(log: SubscriptionLog, until: Date): SimulationResult {
  const scenario = scenarioOf(log, until);
  return log.checkpoint ? resume(scenario, log.checkpoint) : simulate(scenario);
}

/** `stateAt`, with the checkpoint at its last invoice taken in the same run (for billing). */
export function billingStateAt(
  log: SubscriptionLog,
  until: Date,
): { result: SimulationResult; checkpoint: Checkpoint | null } {
  return simulateForBilling(scenarioOf(log, until), log.checkpoint);
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
    // A checkpoint is taken only at an instant an invoice was issued.
    const issuedThen =
      log.checkpoint?.at === billed ||
      stateAt(log, new Date(billed)).invoices.some((invoice) => invoice.issuedAt.ms === billed);
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
