import { sql } from 'kysely';
import { recordset } from '../../store/recordset.js';
import type { Db } from '../context.js';
import { settleLicences } from '../licences/settle-licences.js';
import { billingStateAt, loadSubscriptionLogs } from '../subscriptions/subscription-log.js';
import { issueInvoices, type BillingWork } from './issue-invoices.js';
import { emitEvent } from '../webhooks/emit-event.js';

/** A subscription ended (a cancellation took effect, or a term expired): its webhook event. */
export async function emitEnded(
  db: Db,
  row: { id: string; org_id: string; location_id: string | null },
  endedAt: Date,
): Promise<void> {
  await emitEvent(db, {
    orgId: row.org_id,
    type: 'subscription.ended',
    data: { subscriptionId: row.id, locationId: row.location_id, endedAt: endedAt.toISOString() },
    at: endedAt,
  });
}

/** A subscription to bill through `until`, its row locked by the caller. */
export interface BillingTarget {
  readonly id: string;
  readonly org_id: string;
  readonly until: Date;
}

export interface BillingFailure {
  readonly subscriptionId: string;
  readonly organizationId: string;
  readonly error: string;
}

export interface BatchOutcome {
  /** Subscriptions billed (whether or not an invoice fell due). */
  readonly billed: number;
  readonly invoicesIssued: number;
  /** Subscriptions the engine could not bill: nothing of theirs was written. */
  readonly failed: readonly BillingFailure[];
}

/**
 * Bill locked subscriptions in the caller's transaction: their logs read in one round trip,
 * each derived by the engine (from its checkpoint) through its `until`, then every invoice,
 * line, checkpoint and due instant written in a fixed number of statements, and the licences
 * of those whose contract moved on (a renewed term started, the subscription ended) settled.
 * One the engine fails on is reported and left as it was; the others are billed.
 */
export async function billSubscriptions(
  db: Db,
  targets: readonly BillingTarget[],
): Promise<BatchOutcome> {
  const logs = await loadSubscriptionLogs(
    db,
    targets.map((target) => target.id),
  );
  const works: BillingWork[] = [];
  const failed: BillingFailure[] = [];
  for (const target of targets) {
    const log = logs.get(target.id);
    if (!log || target.until < log.row.start_at) continue;
    try {
      works.push({ log, until: target.until, ...billingStateAt(log, target.until) });
    } catch (error) {
      failed.push({
        subscriptionId: target.id,
        organizationId: target.org_id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const issued = await issueInvoices(db, works);
  const unsettled = await withDueTransitions(db, works);
  for (const work of works) {
    const { result, until } = work;
    const ended = result.status === 'ended' && (result.endedAt?.ms ?? Infinity) <= until.getTime();
    if (ended || unsettled.has(work.log.row.id)) await settleLicences(db, work.log, result, until);
    if (ended && result.endedAt) await emitEnded(db, work.log.row, new Date(result.endedAt.ms));
  }
  return {
    billed: works.length,
    invoicesIssued: issued.reduce((sum, invoices) => sum + invoices.length, 0),
    failed,
  };
}

/** Which of these subscriptions have licence transitions (a renewed term) due by their `until`. */
async function withDueTransitions(db: Db, works: readonly BillingWork[]): Promise<Set<string>> {
  if (works.length === 0) return new Set();
  const rows = works.map(({ log, until }) => ({ id: log.row.id, until }));
  const { rows: due } = await sql<{ subscription_id: string }>`
    select distinct t.subscription_id
    from ${recordset(rows, { id: 'text', until: 'timestamptz' })}
    join licence_transitions t
      on t.subscription_id = r.id and t.applied_at is null and t.effective_at <= r.until`.execute(
    db,
  );
  return new Set(due.map((row) => row.subscription_id));
}
