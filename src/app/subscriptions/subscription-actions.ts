import type { Actor, AppContext } from '../context.js';
import { recordChange } from './record-change.js';

/** Invoice every pending charge now (000: "request that your unbilled charges are invoiced"). */
export function invoiceNow(context: AppContext, actor: Actor, subscriptionId: string) {
  return recordChange(context, actor, subscriptionId, { op: 'invoice_now', payload: {} }, false, {
    scope: 'licences:manage',
    audit: (_quote, summary) => ({
      action: 'subscription.invoice_now',
      subject: subscriptionId,
      after: { outcome: summary.outcome, chargedNow: summary.chargedNow },
    }),
  });
}

/** Cancel: the subscription ends at `effective`, what was paid beyond it credited as the plan says. */
export function cancelSubscription(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  effective: string,
  reason: string | null,
  preview: boolean,
) {
  return recordChange(
    context,
    actor,
    subscriptionId,
    { op: 'cancel', payload: { effective } },
    preview,
    {
      scope: 'billing:manage',
      reason,
      audit: (_quote, summary) => ({
        action: 'subscription.cancel',
        subject: subscriptionId,
        after: { effective, outcome: summary.outcome },
        reason,
      }),
    },
  );
}
