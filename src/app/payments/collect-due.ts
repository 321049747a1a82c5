import { sql } from 'kysely';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { lockInvoice } from '../billing/invoice-queries.js';
import { chargeInvoice } from './pay-invoice.js';

export interface CollectionReport {
  readonly attempted: number;
  readonly paid: number;
  readonly failed: number;
  /** Not tried to the end (the gateway or the database unreachable): tried again next run. */
  readonly unreachable: number;
}

const BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * Automatic collection and dunning, run with every billing run: each open invoice of a plan
 * charged to the card whose next attempt has come (by its organisation's clock) is charged
 * to the default card, as pay-now does (never twice). A failed attempt (declined, or no card
 * on file) is tried again on the plan's schedule, `retryDays` after the due date; after the
 * last, the plan's `finalFailure`: the invoice is marked uncollectible, or it stays open and
 * the subscription buys nothing more until it is paid. Every attempt is in the audit log.
 */
export async function collectDue(
  context: AppContext,
  orgId: string | null = null,
): Promise<CollectionReport> {
  const wall = context.clock();
  const ofOrganization = orgId === null ? sql`` : sql`and i.org_id = ${orgId}`;
  const due = await sql<{
    id: string;
    org_id: string;
    subscription_id: string;
    due_at: Date;
    now: Date;
  }>`
    select i.id, i.org_id, i.subscription_id, i.due_at,
           coalesce(o.test_clock_at, ${wall}::timestamptz) as now
    from invoices i join organizations o on o.id = i.org_id
    where i.next_attempt_at is not null and i.status = 'open'
      and i.next_attempt_at <= coalesce(o.test_clock_at, ${wall}::timestamptz)
      ${ofOrganization}
    order by i.next_attempt_at, i.id
    limit ${BATCH}`.execute(context.store.db);
  let paid = 0;
  let failed = 0;
  let unreachable = 0;
  for (const invoice of due.rows) {
    const actor: Actor = {
      orgId: invoice.org_id,
      kind: 'system',
      id: 'collection',
      scopes: new Set(['billing:manage']),
    };
    try {
      const payment = await chargeInvoice(context, actor, invoice.id);
      // A payment still processing is decided by the gateway's event or the next run.
      if (payment.status === 'succeeded') paid += 1;
      else unreachable += 1;
      continue;
    } catch (error) {
      // The gateway unreachable, the database away: this invoice stays due for the next run.
      if (!(error instanceof AppError)) {
        unreachable += 1;
        continue;
      }
      if (error.code === 'invoice_not_open') {
        await context.store.db
          .updateTable('invoices')
          .set({ next_attempt_at: null })
          .where('id', '=', invoice.id)
          .execute();
        continue;
      }
      if (error.code !== 'payment_failed' && error.code !== 'payment_method_required') {
        unreachable += 1;
        continue;
      }
      failed += 1;
      await scheduleRetry(context, actor, invoice, error);
    }
  }
  return { attempted: due.rows.length, paid, failed, unreachable };
}

/** After a failed attempt: the next one on the plan's schedule, or the plan's final step. */
async function scheduleRetry(
  context: AppContext,
  actor: Actor,
  invoice: { id: string; subscription_id: string; due_at: Date; now: Date },
  error: AppError,
): Promise<void> {
  await inTransaction(context, async (trx) => {
    // Counted under the invoice's lock: another run or a pay-now may have moved it meanwhile.
    const locked = await lockInvoice(trx, actor.orgId, invoice.id);
    if (locked.status !== 'open') return;
    const log = await loadSubscriptionLog(trx, actor.orgId, invoice.subscription_id, {
      lock: false,
    });
    const { retryDays, finalFailure } = stateAt(log, invoice.now).plan.service.collection;
    const attempts = locked.attempts + 1;
    const retryIn = retryDays[attempts - 1];
    const nextAttempt =
      retryIn === undefined ? null : new Date(invoice.due_at.getTime() + retryIn * DAY_MS);
    const uncollectible = nextAttempt === null && finalFailure === 'mark_uncollectible';
    await trx
      .updateTable('invoices')
      .set({
        attempts,
        next_attempt_at: nextAttempt,
        ...(uncollectible ? { status: 'uncollectible' as const } : {}),
      })
      .where('id', '=', invoice.id)
      .execute();
    await audit(trx, actor, invoice.now, {
      action: nextAttempt
        ? 'invoice.collection_retry_scheduled'
        : uncollectible
          ? 'invoice.marked_uncollectible'
          : 'invoice.collection_stopped',
      subject: invoice.id,
      after: {
        attempt: attempts,
        code: error.code === 'payment_failed' ? error.details['declineCode'] : error.code,
        message: error.message,
        nextAttemptAt: nextAttempt?.toISOString() ?? null,
      },
    });
  });
}
