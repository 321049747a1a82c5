import { readPlan } from '../../core/index.js';
import { InputFault } from '../../core/validation/input-reader.js';
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
import { loadSubscriptionLog } from './subscription-log.js';

/**
 * Record one fact in a subscription's log, priced by the engine first: `renew`,
 * `cancel` or `invoice_now`. With `preview`, only the quote.
 */
async function recordAction(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  proposal: Proposal,
  preview: boolean,
  scope: Scope,
  reason: string | null = null,
) {
  requireScope(actor, scope);
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const log = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: !preview });
    const { at, quote } = quoteProposal(log, now, proposal);
    const summary = quoteView(quote, at);
    if (preview) return { preview: true, ...summary };
    if (quote.outcome.outcome === 'rejected') {
      throw new AppError(quote.outcome.code, quote.outcome.message, null, { quote: summary });
    }
    const eventId = await recordFact(trx, actor, log, at, proposal, reason, null);
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

export interface RenewalInput {
  readonly plan?: unknown;
  readonly seats?: Readonly<Record<string, number>> | undefined;
}

/** Renew the term inside its renewal window, optionally onto another package (004). */
export function renewSubscription(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  input: RenewalInput,
  preview: boolean,
) {
  if (input.plan !== undefined) {
    try {
      readPlan(input.plan, 'plan');
    } catch (error) {
      if (error instanceof InputFault) {
        throw new AppError('validation_failed', error.message, error.issue.path);
      }
      throw error;
    }
  }
  const payload: Record<string, unknown> = {};
  if (input.plan !== undefined) payload['plan'] = input.plan;
  if (input.seats !== undefined) payload['seats'] = input.seats;
  return recordAction(
    context,
    actor,
    subscriptionId,
    { op: 'renew', payload },
    preview,
    'billing:manage',
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
