import type { Quote } from '../../core/index.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import {
  inTransaction,
  requireScope,
  type Actor,
  type AppContext,
  type Scope,
} from '../context.js';
import { issueDueInvoices } from '../billing/issue-invoices.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { quoteView, recordFact } from './change-licences.js';
import { quoteProposal, type Proposal } from './quote-proposal.js';
import { loadSubscriptionLog, type SubscriptionLog } from './subscription-log.js';

/** Checks and writes an action adds around the shared pipeline. */
export interface ActionHooks {
  /** After the engine accepted: refuse for a reason the engine does not know (runs in previews). */
  readonly check?: (
    trx: Transaction<Database>,
    log: SubscriptionLog,
    quote: Quote,
  ) => Promise<void>;
  /** After the fact is recorded: what else the action writes, in the same transaction. */
  readonly write?: (
    trx: Transaction<Database>,
    eventId: string,
    at: Date,
    quote: Quote,
  ) => Promise<void>;
}

/**
 * Record one fact in a subscription's log, priced by the engine first: `renew`,
 * `cancel` or `invoice_now`. With `preview`, only the quote.
 */
export async function recordAction(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  proposal: Proposal,
  preview: boolean,
  scope: Scope,
  reason: string | null = null,
  hooks: ActionHooks = {},
) {
  requireScope(actor, scope);
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const log = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: !preview });
    const { at, quote } = quoteProposal(log, now, proposal);
    const summary = quoteView(quote, at, proposal.op);
    if (quote.outcome.outcome === 'rejected') {
      if (preview) return { preview: true, ...summary };
      throw new AppError(quote.outcome.code, quote.outcome.message, null, { quote: summary });
    }
    if (hooks.check) await hooks.check(trx, log, quote);
    if (preview) return { preview: true, ...summary };
    const eventId = await recordFact(trx, actor, log, at, proposal, reason, null);
    if (hooks.write) await hooks.write(trx, eventId, at, quote);
    const recorded = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: false });
    const invoices = await issueDueInvoices(trx, recorded, quote.result, at);
    await audit(trx, actor, at, {
      action: `subscription.${proposal.op}`,
      subject: subscriptionId,
      after: { ...proposal.payload, outcome: summary.outcome, effective: summary.effective },
      reason,
    });
    return { preview: false, eventId, invoices, ...summary };
  });
}

/** Invoice every pending charge now (000: "request that your unbilled charges are invoiced"). */
export function invoiceNow(context: AppContext, actor: Actor, subscriptionId: string) {
  return recordAction(
    context,
    actor,
    subscriptionId,
    { op: 'invoice_now', payload: {} },
    false,
    'licences:manage',
  );
}

export function cancelSubscription(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  effective: string,
  reason: string | null,
  preview: boolean,
) {
  return recordAction(
    context,
    actor,
    subscriptionId,
    { op: 'cancel', payload: { effective } },
    preview,
    'billing:manage',
    reason,
  );
}
