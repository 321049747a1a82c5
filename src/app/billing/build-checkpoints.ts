import type { AppContext } from '../context.js';
import { inTransaction } from '../context.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { issueDueInvoices } from './issue-invoices.js';

const BATCH = 200;

/**
 * Give every subscription billed so far, but without a checkpoint (those from before
 * checkpoints existed), its checkpoint and due instant: the state at the instant it was
 * billed to, derived from its whole log once. Writes no invoice again. Run by `seatledger
 * migrate` and at every start; returns how many it built.
 */
export async function buildMissingCheckpoints(context: AppContext): Promise<number> {
  let built = 0;
  let after = '';
  for (;;) {
    const batch = await context.store.db
      .selectFrom('subscriptions as s')
      .leftJoin('subscription_checkpoints as c', 'c.subscription_id', 's.id')
      .select(['s.id', 's.org_id'])
      .where('c.subscription_id', 'is', null)
      .where('s.billed_through', 'is not', null)
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(BATCH)
      .execute();
    let progressed = 0;
    for (const subscription of batch) {
      const wrote = await inTransaction(context, async (trx) => {
        const log = await loadSubscriptionLog(trx, subscription.org_id, subscription.id, {
          lock: true,
          full: true,
        });
        const billed = log.row.billed_through;
        if (!billed) return false;
        await issueDueInvoices(trx, log, stateAt(log, billed), billed);
        const kept = await trx
          .selectFrom('subscription_checkpoints')
          .select('subscription_id')
          .where('subscription_id', '=', subscription.id)
          .executeTakeFirst();
        return kept !== undefined;
      });
      if (wrote) progressed += 1;
    }
    built += progressed;
    // One with no invoice yet has no instant to keep: it is passed, not retried.
    after = batch.at(-1)?.id ?? after;
    if (batch.length < BATCH) break;
  }
  return built;
}
