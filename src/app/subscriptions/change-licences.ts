import type { Quote } from '../../core/index.js';
import { formatInstant } from '../../core/calendar/index.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import {
  actorLabel,
  inTransaction,
  requireScope,
  type Actor,
  type AppContext,
  type Db,
} from '../context.js';
import { newId } from '../ids.js';
import { issueDueInvoices } from '../billing/issue-invoices.js';
import { assignedCounts } from '../licences/licence-pools.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { lineView } from '../views.js';
import { quoteProposal, type Proposal } from './quote-proposal.js';
import { loadSubscriptionLog, stateAt, type SubscriptionLog } from './subscription-log.js';

export const REMOVAL_REASONS = [
  'staff_left',
  'unused',
  'licence_share',
  'cost',
  'switching_plan',
  'other',
] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

export interface LicenceChange {
  readonly op: 'add' | 'remove' | 'set';
  readonly seats: Readonly<Record<string, number>>;
  readonly reason?: RemovalReason | undefined;
  readonly explanation?: string | undefined;
}

/**
 * Add, remove or set licences. With `preview` the engine's quote comes back and nothing is
 * written; otherwise the change is recorded in the subscription's log (applied now or
 * scheduled, as the plan says), what falls due is invoiced, a confirmation is queued in
 * the outbox, and the audit log records it.
 */
export async function changeLicences(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  change: LicenceChange,
  preview: boolean,
) {
  requireScope(actor, 'licences:manage');
  return inTransaction(context, async (trx) => {
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const log = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: !preview });
    const proposal: Proposal = { op: change.op, payload: { seats: change.seats } };
    const { at, quote } = quoteProposal(log, now, proposal);
    const summary = quoteView(quote, at);
    if (quote.outcome.outcome === 'rejected') {
      if (preview) return { preview: true, ...summary };
      throw new AppError(quote.outcome.code, quote.outcome.message, 'seats', { quote: summary });
    }
    await checkInUse(trx, log, quote, Object.keys(change.seats));
    // What only the write needs (a reason, an explanation) is reported by a preview, not refused.
    const needs = isDecrease(log, at, change) ? missingReason(quote, change) : [];
    if (preview)
      return {
        preview: true,
        ...summary,
        writeNeeds: needs.map(({ field, message }) => ({ field, message })),
      };
    const [missing] = needs;
    if (missing) throw new AppError(missing.code, missing.message, missing.field);

    const eventId = await recordFact(
      trx,
      actor,
      log,
      at,
      proposal,
      change.reason ?? null,
      change.explanation ?? null,
    );
    const recorded = await loadSubscriptionLog(trx, actor.orgId, subscriptionId, { lock: false });
    const invoices = await issueDueInvoices(trx, recorded, quote.result, at);
    await audit(trx, actor, at, {
      action: 'licences.changed',
      subject: subscriptionId,
      before: { seats: Object.fromEntries(quote.result.seats) },
      after: {
        op: change.op,
        seats: change.seats,
        outcome: quote.outcome.outcome,
        effective: summary.effective,
      },
      reason: [change.reason, change.explanation].filter(Boolean).join(': ') || null,
    });
    await queueConfirmation(
      trx,
      actor,
      organization.owner_staff_id,
      at,
      subscriptionId,
      change,
      summary,
    );
    return { preview: false, eventId, invoices, ...summary };
  });
}

/** The quote as the API shows it: where each amount goes and when the change takes effect. */
export function quoteView(quote: Quote, at: Date, op: Proposal['op'] | null = null) {
  const outcome = quote.outcome;
  // "Invoice now" causes no line of its own: what it charges now is every line it invoices.
  const chargedNowLines =
    op === 'invoice_now'
      ? quote.result.invoices
          .filter((invoice) => invoice.issuedAt.ms === at.getTime())
          .flatMap((invoice) => invoice.lines)
      : quote.chargedNow;
  const sum = (lines: readonly { amount: bigint }[]) =>
    lines.reduce((total, line) => total + line.amount, 0n);
  const credits = [...chargedNowLines, ...quote.nextInvoice].filter((line) => line.amount < 0n);
  return {
    at: at.toISOString(),
    outcome: outcome.outcome,
    effective: outcome.outcome === 'rejected' ? null : formatInstant(outcome.effective.ms),
    rejection:
      outcome.outcome === 'rejected' ? { code: outcome.code, message: outcome.message } : null,
    warnings: outcome.outcome === 'rejected' ? [] : [...outcome.warnings],
    currency: quote.result.plan.currency,
    chargedNow: sum(chargedNowLines),
    onNextInvoice: sum(quote.nextInvoice),
    credited: -sum(credits),
    lines: {
      chargedNow: chargedNowLines.map((line) => lineView(line)),
      nextInvoice: quote.nextInvoice.map((line) => lineView(line)),
    },
    seatsAfter: Object.fromEntries(quote.result.seats),
    scheduled: quote.result.scheduled.map((decrease) => ({
      licenceType: decrease.licenceType,
      quantity: decrease.quantity,
      effective: formatInstant(decrease.effective.ms),
    })),
  };
}

function isDecrease(log: SubscriptionLog, at: Date, change: LicenceChange): boolean {
  if (change.op === 'add') return false;
  if (change.op === 'remove') return Object.values(change.seats).some((n) => n > 0);
  const before = stateAt(log, at).seats;
  return Object.entries(change.seats).some(([key, target]) => target < (before.get(key) ?? 0));
}

/** A removal may not leave fewer licences than are assigned: say how many to release first. */
async function checkInUse(
  db: Db,
  log: SubscriptionLog,
  quote: Quote,
  types: readonly string[],
): Promise<void> {
  if (types.length === 0) return;
  const assigned = await assignedCounts(db, log.row.id);
  for (const key of types) {
    const type = quote.result.plan.licenceTypes.find((t) => t.key === key);
    if (!type || type.unlimited) continue;
    let after = quote.result.seats.get(key) ?? 0;
    for (const decrease of quote.result.scheduled)
      if (decrease.licenceType === key) after -= decrease.quantity;
    const inUse = assigned.get(key) ?? 0;
    if (after < inUse) {
      throw new AppError(
        'licences_in_use',
        `${inUse} ${key} licences are assigned: release ${inUse - after} of them before removing these`,
        `seats.${key}`,
        { assigned: inUse, remaining: after, releaseFirst: inUse - after },
      );
    }
  }
}

interface MissingInput {
  readonly code: 'reason_required' | 'explanation_required';
  readonly field: string;
  readonly message: string;
}

/** Removals carry a reason from the fixed list, and an explanation, where the plan asks (001, 002). */
function missingReason(quote: Quote, change: LicenceChange): MissingInput[] {
  const policy = quote.result.plan.service;
  const missing: MissingInput[] = [];
  if (policy.removalReasonRequired && !change.reason) {
    missing.push({
      code: 'reason_required',
      field: 'reason',
      message: `Removals need a reason: one of ${REMOVAL_REASONS.join(', ')}`,
    });
  }
  if (policy.removalExplanationRequired && !change.explanation?.trim()) {
    missing.push({
      code: 'explanation_required',
      field: 'explanation',
      message: 'This plan needs an explanation for every removal',
    });
  }
  return missing;
}

/** Append a fact to the subscription's log. */
export async function recordFact(
  db: Db,
  actor: Actor,
  log: SubscriptionLog,
  at: Date,
  proposal: Proposal,
  reason: string | null,
  explanation: string | null,
): Promise<string> {
  const id = newId('evt', at);
  await db
    .insertInto('subscription_events')
    .values({
      org_id: log.row.org_id,
      id,
      subscription_id: log.row.id,
      seq: log.events.length,
      at,
      op: proposal.op,
      payload: JSON.stringify(proposal.payload),
      actor: actorLabel(actor),
      reason,
      explanation,
      created_at: at,
    })
    .execute();
  return id;
}

async function queueConfirmation(
  db: Db,
  actor: Actor,
  ownerId: string | null,
  at: Date,
  subscriptionId: string,
  change: LicenceChange,
  summary: ReturnType<typeof quoteView>,
): Promise<void> {
  const recipient = ownerId
    ? ((await db.selectFrom('staff').select('email').where('id', '=', ownerId).executeTakeFirst())
        ?.email ?? null)
    : null;
  if (!recipient) return;
  const seats = Object.entries(change.seats)
    .map(([key, n]) => `${n} ${key}`)
    .join(', ');
  await db
    .insertInto('outbox')
    .values({
      org_id: actor.orgId,
      id: newId('msg', at),
      kind: 'licence_change_confirmation',
      recipient,
      subject: `Licence change ${summary.outcome}: ${change.op} ${seats}`,
      body: [
        `Your licence change (${change.op} ${seats}) was ${summary.outcome}, effective ${summary.effective}.`,
        `Charged now: ${summary.chargedNow} ${summary.currency} minor units; on the next invoice: ${summary.onNextInvoice}; credited: ${summary.credited}.`,
        `Subscription ${subscriptionId}.`,
      ].join('\n'),
      created_at: at,
      delivered_at: null,
    })
    .execute();
}
