import type { Transaction } from 'kysely';
import { checkLimits, type Quote } from '../../core/index.js';
import type { Database } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import { audit, type AuditEntry } from '../audit.js';
import {
  actorLabel,
  inTransaction,
  requireScope,
  type Actor,
  type AppContext,
  type Db,
  type Scope,
} from '../context.js';
import { forgetCachedKeys } from '../access/authenticate.js';
import { issueDueInvoices, type IssuedInvoice } from '../billing/issue-invoices.js';
import { lockPools, refreshPools } from '../licences/licence-pool-rows.js';
import { settleLicences } from '../licences/settle-licences.js';
import { emitEnded } from '../billing/bill-subscriptions.js';
import { newId } from '../ids.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { quoteProposal, type Proposal } from './quote-proposal.js';
import { quoteView, type QuoteView } from './quote-view.js';
import { factCount, loadSubscriptionLog, type SubscriptionLog } from './subscription-log.js';

/** What the write will need that a preview does not (a reason, an explanation). */
export interface WriteNeed {
  readonly code: 'reason_required' | 'explanation_required' | 'vendor_approval_required';
  readonly field: string;
  readonly message: string;
}

/** What one kind of change adds to the shared pipeline. */
export interface ChangeSteps {
  readonly scope: Scope;
  /** The request field an engine rejection is reported against. */
  readonly rejectionField?: string | null;
  readonly reason?: string | null;
  readonly explanation?: string | null;
  /**
   * Compute, after the engine accepted: refusals that hold for a preview too (thrown), and
   * what only the write needs (returned: a preview reports them, the write refuses).
   */
  readonly check?: (
    trx: Transaction<Database>,
    log: SubscriptionLog,
    quote: Quote,
    at: Date,
  ) => Promise<readonly WriteNeed[]>;
  /** Execute: what else the change writes, once recorded, in the same transaction. */
  readonly write?: (
    trx: Transaction<Database>,
    recorded: { eventId: string; at: Date; quote: Quote; summary: QuoteView },
  ) => Promise<void>;
  /**
   * Execute, last: whom the change is told to (its messages queued in the same transaction);
   * what it returns is added to the answer, and kept with it for an idempotent replay.
   */
  readonly tell?: (
    trx: Transaction<Database>,
    recorded: { eventId: string; at: Date; quote: Quote; summary: QuoteView },
  ) => Promise<Readonly<Record<string, unknown>>>;
  readonly audit: (quote: Quote, summary: QuoteView) => AuditEntry;
  /** Execute: once the invoices the change caused are written, in the same transaction. */
  readonly settle?: (
    trx: Transaction<Database>,
    invoices: readonly IssuedInvoice[],
  ) => Promise<void>;
}

/**
 * Every change to a subscription, one pipeline: setup (load the log at the organisation's
 * now), compute (the engine's quote of the log plus the proposed fact, then the change's own
 * checks), execute (append the fact, invoice what fell due, the change's own writes, the audit
 * entry), in one transaction. A preview is the same call stopped before execute.
 */
export async function recordChange(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  proposal: Proposal,
  preview: boolean,
  steps: ChangeSteps,
) {
  requireScope(actor, steps.scope);
  let ended = false;
  const result = await inTransaction(context, async (trx) => {
    // Setup.
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const log = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: !preview });
    // A change locks its pools too: licences being taken meanwhile are committed first, and
    // none is taken until it ends, so the assignments its checks read hold.
    if (!preview) await lockPools(trx, subscriptionId);
    // Compute.
    const { at, quote } = quoteProposal(log, now, proposal);
    const summary = quoteView(quote, at, proposal.op);
    if (quote.outcome.outcome === 'rejected') {
      if (preview) return { preview: true, ...summary };
      throw new AppError(quote.outcome.code, quote.outcome.message, steps.rejectionField ?? null, {
        quote: summary,
      });
    }
    refuseBeyondLimits(quote, steps.rejectionField ?? 'seats');
    const needs = steps.check ? await steps.check(trx, log, quote, at) : [];
    if (preview) {
      return {
        preview: true,
        ...summary,
        writeNeeds: needs.map(({ field, message }) => ({ field, message })),
      };
    }
    const [missing] = needs;
    if (missing) throw new AppError(missing.code, missing.message, missing.field);
    // Execute.
    const eventId = await appendFact(trx, actor, log, at, proposal, steps);
    const recorded = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: false });
    const invoices = await issueDueInvoices(trx, recorded, quote.result, at);
    // The pools as the log now says.
    await refreshPools(trx, recorded.row, quote.result);
    // A change that ends the subscription now (a cancellation effective at once) ends its
    // licences now too: no billing run will visit an ended subscription. Other changes leave
    // the licences to the billing run, which visits at every instant they change.
    ended = quote.result.status === 'ended';
    if (ended) {
      await settleLicences(trx, recorded, quote.result, at);
      await emitEnded(trx, recorded.row, at);
    }
    if (steps.write) await steps.write(trx, { eventId, at, quote, summary });
    if (steps.settle) await steps.settle(trx, invoices);
    await audit(trx, actor, at, steps.audit(quote, summary));
    const told = steps.tell ? await steps.tell(trx, { eventId, at, quote, summary }) : {};
    return { preview: false, eventId, invoices, ...summary, ...told };
  });
  // An end at once lapses permissions: keys must see it at once.
  if (ended) forgetCachedKeys(context);
  return result;
}

/**
 * Quantities and amounts within the limits, for the term in force and a renewed next term,
 * checked before anything is recorded (a preview reports it the same way).
 */
function refuseBeyondLimits(quote: Quote, field: string): void {
  const renewal = quote.result.term?.renewal;
  const violation =
    checkLimits(quote.result.plan, quote.result.seats, field) ??
    (renewal ? checkLimits(renewal.plan, renewal.seats, field) : null);
  if (violation) throw new AppError(violation.code, violation.message, violation.field);
}

/** Append a fact to the subscription's log. */
async function appendFact(
  db: Db,
  actor: Actor,
  log: SubscriptionLog,
  at: Date,
  proposal: Proposal,
  steps: ChangeSteps,
): Promise<string> {
  const id = newId('evt', at);
  await db
    .insertInto('subscription_events')
    .values({
      org_id: log.row.org_id,
      id,
      subscription_id: log.row.id,
      seq: factCount(log),
      at,
      op: proposal.op,
      payload: JSON.stringify(proposal.payload),
      actor: actorLabel(actor),
      reason: steps.reason ?? null,
      explanation: steps.explanation ?? null,
      created_at: at,
    })
    .execute();
  return id;
}
