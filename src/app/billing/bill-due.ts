import { sql } from 'kysely';
import { inTransaction, type Actor, type AppContext, type Db } from '../context.js';
import { forgetCachedKeys } from '../access/authenticate.js';
import { operatorAudit } from '../catalog/operator-audit.js';
import { collectDue } from '../payments/collect-due.js';
import { reconcilePurchases } from '../payments/purchase-with-card.js';
import { reconcileRefunds } from '../payments/send-refunds.js';
import {
  billSubscriptions,
  type BillingFailure,
  type BillingTarget,
} from './bill-subscriptions.js';

export interface BillingRunReport {
  readonly subscriptions: number;
  readonly invoicesIssued: number;
  /** Subscriptions that could not be billed; the others were. */
  readonly failed: readonly BillingFailure[];
}

const BILLING_ACTOR: Actor = { orgId: '', kind: 'system', id: 'billing', scopes: new Set() };

/** Subscriptions claimed and billed per transaction, unless a run says otherwise. */
export const DEFAULT_BATCH = 250;
/** The most a run may claim at once: one transaction's work stays bounded. */
export const MAX_BATCH = 5000;
/** Batches in flight at once in one run on PostgreSQL. */
const LANES = 2;

interface DueRow {
  readonly id: string;
  readonly org_id: string;
  readonly next_due_at: Date;
  readonly test_clock_at: Date | null;
}

/**
 * A billing run: issue what has fallen due by `until` (at most each organisation's own now),
 * visiting only the subscriptions the due index says are due, in due order. A batch is claimed
 * with one statement (`FOR UPDATE SKIP LOCKED`), billed and committed in one transaction: any
 * number of runs (`seatledger bill`, the serving tick, workers) share the work without
 * overlap, and a subscription another run holds is left to it. Idempotent: invoices already
 * written are not written again. A subscription the engine fails on is left unbilled; a batch
 * the database refuses is billed again one subscription per transaction, so one bad
 * subscription never stops the others. Failures go to the operator's log and the report.
 */
export async function billDue(
  context: AppContext,
  until: Date | null,
  orgId: string | null = null,
  batch: number = DEFAULT_BATCH,
): Promise<BillingRunReport> {
  const wall = context.clock();
  const run = { visited: 0, invoicesIssued: 0, failed: [] as BillingFailure[] };
  const tally = (outcome: Awaited<ReturnType<typeof billSubscriptions>>) => {
    run.visited += outcome.billed;
    run.invoicesIssued += outcome.invoicesIssued;
    run.failed.push(...outcome.failed);
  };
  // Lanes claim batches side by side (SKIP LOCKED keeps them apart), so the engine works on
  // one batch while PostgreSQL writes another; PGlite runs one transaction at a time.
  const lanes = context.store.kind === 'postgres' ? LANES : 1;
  await Promise.all(
    Array.from({ length: lanes }, () => billLane(context, { wall, until, orgId }, batch, tally)),
  );
  // A subscription the engine failed on stays due: another lane may have tried it too.
  const failed = [...new Map(run.failed.map((f) => [f.subscriptionId, f])).values()];
  for (const failure of failed) await recordFailure(context, failure);
  // Licences may have expired and permissions lapsed with them: keys must see it at once.
  if (run.visited > 0) forgetCachedKeys(context);
  // Purchases interrupted between the card's charge and their record are settled, refunds
  // left pending are asked about again, and the
  // invoices charged to the card that have come due are collected (dunning included).
  // A gateway that cannot be reached leaves them for the next run; the invoices stand.
  try {
    await reconcilePurchases(context);
    await reconcileRefunds(context);
    await collectDue(context);
  } catch (error) {
    await recordFailure(context, {
      subscriptionId: 'collection',
      organizationId: '',
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return { subscriptions: run.visited, invoicesIssued: run.invoicesIssued, failed };
}

/** Batches billed one after another until nothing due is left that no other run holds. */
async function billLane(
  context: AppContext,
  due: { wall: Date; until: Date | null; orgId: string | null },
  size: number,
  tally: (outcome: Awaited<ReturnType<typeof billSubscriptions>>) => void,
): Promise<void> {
  const { until } = due;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    let batch: readonly DueRow[];
    try {
      const billed = await inTransaction(context, async (trx) => {
        const claimed = await dueSubscriptions(trx, { ...due, after }, size, true);
        return {
          claimed,
          outcome: await billSubscriptions(trx, targetsOf(context, claimed, until)),
        };
      });
      // Counted once committed.
      tally(billed.outcome);
      batch = billed.claimed;
    } catch {
      // The database refused the batch: bill its subscriptions one by one, so the one at
      // fault is isolated and reported, and the others are billed.
      batch = await dueSubscriptions(context.store.db, { ...due, after }, size, false);
      for (const subscription of batch) tally(await billAlone(context, subscription, until));
    }
    const last = batch.at(-1);
    if (!last || batch.length < size) return;
    after = { at: last.next_due_at, id: last.id };
  }
}

/** One subscription of a batch the database refused, in a transaction of its own. */
async function billAlone(context: AppContext, subscription: DueRow, until: Date | null) {
  try {
    return await inTransaction(context, async (trx) => {
      const claimed = await dueSubscriptions(
        trx,
        { wall: context.clock(), until, orgId: subscription.org_id, only: subscription.id },
        1,
        true,
      );
      return billSubscriptions(trx, targetsOf(context, claimed, until));
    });
  } catch (error) {
    const failure: BillingFailure = {
      subscriptionId: subscription.id,
      organizationId: subscription.org_id,
      error: error instanceof Error ? error.message : String(error),
    };
    return { billed: 0, invoicesIssued: 0, failed: [failure] };
  }
}

/**
 * Each subscription billed through its organisation's clock as the claim read it (a test
 * clock only moves forward, and what falls due after that instant stays due for the next
 * run), or `until` when earlier.
 */
function targetsOf(
  context: AppContext,
  rows: readonly DueRow[],
  until: Date | null,
): BillingTarget[] {
  const wall = context.clock();
  return rows.map((row) => {
    const now = row.test_clock_at ?? wall;
    return { id: row.id, org_id: row.org_id, until: until && until < now ? until : now };
  });
}

/**
 * The next subscriptions due by their organisation's now (or `until`), in due order; with
 * `claim`, locked for this transaction, skipping those another run holds.
 */
async function dueSubscriptions(
  db: Db,
  due: {
    wall: Date;
    until: Date | null;
    orgId: string | null;
    after?: { at: Date; id: string } | null;
    only?: string;
  },
  limit: number,
  claim: boolean,
): Promise<DueRow[]> {
  let query = db
    .selectFrom('subscriptions as s')
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', 's.next_due_at', 'o.test_clock_at'])
    .where('s.next_due_at', 'is not', null)
    .where(sql<boolean>`s.next_due_at <= coalesce(o.test_clock_at, ${due.wall}::timestamptz)`);
  if (due.until) query = query.where('s.next_due_at', '<=', due.until);
  if (due.orgId) query = query.where('s.org_id', '=', due.orgId);
  if (due.only) query = query.where('s.id', '=', due.only);
  if (due.after) {
    const { at, id } = due.after;
    query = query.where((eb) =>
      eb.or([
        eb('s.next_due_at', '>', at),
        eb.and([eb('s.next_due_at', '=', at), eb('s.id', '>', id)]),
      ]),
    );
  }
  query = query.orderBy('s.next_due_at').orderBy('s.id').limit(limit);
  if (claim) query = query.forUpdate('s').skipLocked();
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    org_id: row.org_id,
    next_due_at: row.next_due_at as Date,
    test_clock_at: row.test_clock_at,
  }));
}

/** A failed subscription goes to the operator's log, so the vendor sees it (best effort). */
async function recordFailure(context: AppContext, failure: BillingFailure): Promise<void> {
  await context.store.db
    .transaction()
    .execute((trx) =>
      operatorAudit(trx, BILLING_ACTOR, context.clock(), {
        action: 'billing.failed',
        subject: failure.subscriptionId,
        orgId: failure.organizationId || null,
        after: { error: failure.error.slice(0, 2000) },
      }),
    )
    .catch(() => undefined);
}
