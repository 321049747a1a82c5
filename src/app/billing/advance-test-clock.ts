import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { forgetCachedKeys } from '../access/authenticate.js';
import { loadOrganization } from '../organizations/organization-clock.js';
import { billSubscriptions } from './bill-subscriptions.js';
import { collectDue } from '../payments/collect-due.js';

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
        // Every subscription of the organisation, locked in order of id, then the
        // organisation's clock: the order every change and billing run takes them in.
        await trx
          .selectFrom('subscriptions')
          .select('id')
          .where('org_id', '=', actor.orgId)
          .orderBy('id')
          .forUpdate()
          .execute();
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
        const outcome = await billSubscriptions(
          trx,
          subscriptions.map((subscription) => ({ ...subscription, until: step })),
        );
        const failure = outcome.failed[0];
        if (failure) throw new Error(failure.error);
        return outcome.invoicesIssued;
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
  // What is charged to the card is collected on the way, retries included (at most nine
  // attempts an invoice, so this ends).
  for (let pass = 0; pass < 10; pass++) {
    if ((await collectDue(context, actor.orgId)).attempted === 0) break;
  }
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
