import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { settleLicences } from '../licences/settle-licences.js';
import { issueDueInvoices } from './issue-invoices.js';

export interface BillingRunReport {
  readonly subscriptions: number;
  readonly invoicesIssued: number;
}

/**
 * A billing run: for every subscription, issue what has fallen due by `until` (at most the
 * organisation's own now). Idempotent: the invoices already written are not written again.
 * Each subscription is billed in its own transaction, under its row lock.
 */
export async function billDue(
  context: AppContext,
  until: Date | null,
  orgId: string | null = null,
): Promise<BillingRunReport> {
  let query = context.store.db.selectFrom('subscriptions').select(['id', 'org_id']).orderBy('id');
  if (orgId) query = query.where('org_id', '=', orgId);
  const subscriptions = await query.execute();
  let invoicesIssued = 0;
  for (const subscription of subscriptions) {
    invoicesIssued += await inTransaction(context, async (trx) => {
      const organization = await loadOrganization(trx, subscription.org_id);
      const now = organizationNow(context, organization);
      const cutoff = until && until < now ? until : now;
      const log = await loadSubscriptionLog(trx, subscription.org_id, subscription.id, {
        lock: true,
      });
      if (cutoff < log.row.start_at) return 0;
      const state = stateAt(log, cutoff);
      const issued = await issueDueInvoices(trx, log, state, cutoff);
      await settleLicences(trx, log, state, cutoff);
      return issued.length;
    });
  }
  return { subscriptions: subscriptions.length, invoicesIssued };
}

/**
 * Move an organisation's test clock forward and bill what falls due on the way, like
 * Stripe's test clocks. Only for organisations created on a test clock.
 */
export async function advanceTestClock(context: AppContext, actor: Actor, to: Date) {
  requireScope(actor, 'billing:manage');
  const from = await inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    if (!organization.test_clock_at) {
      throw new AppError(
        'test_clock_required',
        'This organisation runs on real time, not on a test clock',
      );
    }
    if (to < organization.test_clock_at) {
      throw new AppError('validation_failed', 'A test clock only moves forward', 'to');
    }
    await trx
      .updateTable('organizations')
      .set({ test_clock_at: to })
      .where('id', '=', actor.orgId)
      .execute();
    await audit(trx, actor, to, {
      action: 'test_clock.advanced',
      subject: actor.orgId,
      before: { now: organization.test_clock_at.toISOString() },
      after: { now: to.toISOString() },
    });
    return organization.test_clock_at;
  });
  const report = await billDue(context, to, actor.orgId);
  return { from: from.toISOString(), to: to.toISOString(), ...report };
}
