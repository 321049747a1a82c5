import { AppError } from '../app-error.js';
import type { Db } from '../context.js';

export interface CollectionStatus {
  /** An invoice is open past its due date. */
  readonly pastDue: boolean;
  /** Every retry of a charge failed and the plan blocks purchases until it is paid. */
  readonly purchasesBlocked: boolean;
  readonly overdueInvoiceIds: readonly string[];
}

/** Whether a subscription is past due at `now`, and whether it may buy more. */
export async function collectionStatus(
  db: Db,
  subscriptionId: string,
  now: Date,
): Promise<CollectionStatus> {
  const overdue = await db
    .selectFrom('invoices')
    .select(['id', 'attempts', 'next_attempt_at'])
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .orderBy('due_at')
    .execute();
  return {
    pastDue: overdue.length > 0,
    // Collection stopped after its retries (an invoice marked uncollectible is not open).
    purchasesBlocked: overdue.some((invoice) => invoice.attempts > 0 && !invoice.next_attempt_at),
    overdueInvoiceIds: overdue.map((invoice) => invoice.id),
  };
}

/** Refuse a purchase while an invoice is unpaid after every retry (the plan's final step). */
export async function refuseWhileBlocked(db: Db, subscriptionId: string, now: Date) {
  const status = await collectionStatus(db, subscriptionId, now);
  if (status.purchasesBlocked) {
    throw new AppError(
      'purchases_blocked',
      'An invoice is unpaid after every retry of its charge: pay it (POST /v1/invoices/{id}/pay) before buying more',
      null,
      { overdueInvoiceIds: status.overdueInvoiceIds },
    );
  }
}
