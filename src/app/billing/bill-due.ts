import { sql } from 'kysely';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { forgetCachedKeys } from '../access/authenticate.js';
import { operatorAudit } from '../catalog/operator-audit.js';
import { loadOrganization } from '../organizations/organization-clock.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { settleLicences } from '../licences/settle-licences.js';
import { issueDueInvoices } from './issue-invoices.js';

export interface BillingFailure {
  readonly subscriptionId: string;
  readonly organizationId: string;
  readonly error: string;
}

export interface BillingRunReport {
  readonly subscriptions: number;
  readonly invoicesIssued: number;
  /** Subscriptions that could not be billed; the others were. */
  readonly failed: readonly BillingFailure[];
}

const BILLING_ACTOR: Actor = { orgId: '', kind: 'system', id: 'billing', scopes: new Set() };

const BATCH = 200;

/**
 * A billing run: issue what has fallen due by `until` (at most each organisation's own now),
 * visiting only the subscriptions the due index says are due, a batch at a time. Each is
 * billed in its own transaction under its row lock, taken with SKIP LOCKED: any number of
 * runs (`seatledger bill`, the serving tick, workers) share the work without overlap, and a
 * subscription another run holds is left to it. Idempotent: invoices already written are not
 * written again. One that fails is recorded in the operator's log and reported, and the run
 * goes on with the others.
 */
export async function billDue(
  context: AppContext,
  until: Date | null,
  orgId: string | null = null,
): Promise<BillingRunReport> {
  const wall = context.clock();
  let visited = 0;
  let invoicesIssued = 0;
  const failed: BillingFailure[] = [];
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const batch = await dueSubscriptions(context.store.db, wall, until, orgId, after);
    for (const subscription of batch) {
      try {
        const issued = await inTransaction(context, async (trx) => {
          // The organisation's clock as the batch read it: a test clock only moves forward,
          // and what falls due after that instant stays due for the next run.
          const now = subscription.test_clock_at ?? context.clock();
          const cutoff = until && until < now ? until : now;
          if (!(await claimDue(trx, subscription.id, cutoff))) return null;
          return billSubscription(trx, subscription, cutoff, false);
        });
        if (issued !== null) {
          visited += 1;
          invoicesIssued += issued;
        }
      } catch (error) {
        const failure = {
          subscriptionId: subscription.id,
          organizationId: subscription.org_id,
          error: error instanceof Error ? error.message : String(error),
        };
        failed.push(failure);
        await recordFailure(context, failure);
      }
    }
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) break;
    after = { at: last.next_due_at, id: last.id };
  }
  // Licences may have expired and permissions lapsed with them: keys must see it at once.
  if (visited > 0) forgetCachedKeys(context);
  return { subscriptions: visited, invoicesIssued, failed };
}

/** The next batch of subscriptions due by their organisation's now (or `until`), in due order. */
async function dueSubscriptions(
  db: Db,
  wall: Date,
  until: Date | null,
  orgId: string | null,
  after: { at: Date; id: string } | null,
) {
  let query = db
    .selectFrom('subscriptions as s')
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', 's.next_due_at', 'o.test_clock_at'])
    .where('s.next_due_at', 'is not', null)
    .where(sql<boolean>`s.next_due_at <= coalesce(o.test_clock_at, ${wall}::timestamptz)`);
  if (until) query = query.where('s.next_due_at', '<=', until);
  if (orgId) query = query.where('s.org_id', '=', orgId);
  if (after) {
    const { at, id } = after;
    query = query.where((eb) =>
      eb.or([
        eb('s.next_due_at', '>', at),
        eb.and([eb('s.next_due_at', '=', at), eb('s.id', '>', id)]),
      ]),
    );
  }
  const rows = await query.orderBy('s.next_due_at').orderBy('s.id').limit(BATCH).execute();
  return rows.map((row) => ({
    id: row.id,
    org_id: row.org_id,
    next_due_at: row.next_due_at as Date,
    test_clock_at: row.test_clock_at,
  }));
}

/** Lock a subscription that is still due, unless another run holds it (SKIP LOCKED). */
async function claimDue(trx: Db, subscriptionId: string, cutoff: Date): Promise<boolean> {
  const row = await trx
    .selectFrom('subscriptions')
    .select('id')
    .where('id', '=', subscriptionId)
    .where('next_due_at', '<=', cutoff)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row !== undefined;
}

/** Issue what fell due by `until` and settle the licences, in the caller's transaction. */
async function billSubscription(
  trx: Db,
  subscription: { id: string; org_id: string },
  until: Date,
  lock = true,
): Promise<number> {
  const log = await loadSubscriptionLog(trx, subscription.org_id, subscription.id, { lock });
  if (until < log.row.start_at) return 0;
  const state = stateAt(log, until);
  const issued = await issueDueInvoices(trx, log, state, until);
  await settleLicences(trx, log, state, until);
  return issued.length;
}

/** A failed subscription goes to the operator's log, so the vendor sees it (best effort). */
async function recordFailure(context: AppContext, failure: BillingFailure): Promise<void> {
  await context.store.db
    .transaction()
    .execute((trx) =>
      operatorAudit(trx, BILLING_ACTOR, context.clock(), {
        action: 'billing.failed',
        subject: failure.subscriptionId,
        orgId: failure.organizationId,
        after: { error: failure.error.slice(0, 2000) },
      }),
    )
    .catch(() => undefined);
}

/** The furthest a test clock moves in one request, and the step it is billed in. */
export const MAX_CLOCK_JUMP_DAYS = 1830;
const STEP_MS = 31 * 86_400_000;

/**
 * Move an organisation's test clock forward and bill what falls due on the way, like
 * Stripe's test clocks. Only for organisations created on a test clock. The clock moves in
 * steps of at most 31 days, each one transaction that bills the organisation's
 * subscriptions and moves the clock together: a failure leaves the clock where the last
 * step that billed completely left it, and no step holds the database for long.
 */
export async function advanceTestClock(context: AppContext, actor: Actor, to: Date) {
  requireScope(actor, 'billing:manage');
  const organization = await loadOrganization(context.store.db, actor.orgId);
  const from = organization.test_clock_at;
  if (!from) {
    throw new AppError(
      'test_clock_required',
      'This organisation runs on real time, not on a test clock',
    );
  }
  if (to < from)
    throw new AppError('validation_failed', 'to: a test clock only moves forward', 'to');
  if (to.getTime() - from.getTime() > MAX_CLOCK_JUMP_DAYS * 86_400_000) {
    throw new AppError(
      'validation_failed',
      `to: a test clock moves at most ${MAX_CLOCK_JUMP_DAYS} days in one request`,
      'to',
    );
  }
  const subscriptions = await context.store.db
    .selectFrom('subscriptions')
    .select(['id', 'org_id'])
    .where('org_id', '=', actor.orgId)
    .orderBy('id')
    .execute();
  let reached = from;
  let invoicesIssued = 0;
  while (reached < to) {
    const step = new Date(Math.min(to.getTime(), reached.getTime() + STEP_MS));
    try {
      invoicesIssued += await inTransaction(context, async (trx) => {
        const clock = await trx
          .updateTable('organizations')
          .set({ test_clock_at: step })
          .where('id', '=', actor.orgId)
          .where('test_clock_at', '=', reached)
          .returning('id')
          .executeTakeFirst();
        if (!clock) {
          throw new AppError('conflict', 'The test clock moved meanwhile; read it and try again');
        }
        let issued = 0;
        for (const subscription of subscriptions) {
          issued += await billSubscription(trx, subscription, step);
        }
        return issued;
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'billing_failed',
        `Billing failed on the way to ${step.toISOString()}: the clock stays at ${reached.toISOString()}`,
        'to',
        { reachedAt: reached.toISOString() },
      );
    }
    reached = step;
  }
  forgetCachedKeys(context);
  await inTransaction(context, (trx) =>
    audit(trx, actor, to, {
      action: 'test_clock.advanced',
      subject: actor.orgId,
      before: { now: from.toISOString() },
      after: { now: to.toISOString() },
    }),
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    subscriptions: subscriptions.length,
    invoicesIssued,
  };
}
