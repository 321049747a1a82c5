import type { Quote } from '../../core/index.js';
import { AppError } from '../app-error.js';
import type { Actor, AppContext, Db } from '../context.js';
import { assignedCounts } from '../licences/licence-pools.js';
import { heldLicences } from '../staff/staff-records.js';
import { refuseWhileBlocked } from '../payments/collection-status.js';
import { defaultMethod } from '../payments/payment-methods.js';
import { spansTransactions } from '../response-scope.js';
import type { Proposal } from './quote-proposal.js';
import { recordChange, type ChangeSteps, type WriteNeed } from './record-change.js';
import { actorName, consoleLink, notify } from '../notifications/notify.js';
import { licenceChangeEmail } from '../../notifications/templates/licence-change.js';
import { emitEvent } from '../webhooks/emit-event.js';
import {
  chargeForPurchase,
  completePurchase,
  refundPurchase,
} from '../payments/purchase-with-card.js';
import { stateAt, type SubscriptionLog } from './subscription-log.js';

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
  /** `withdraw` takes back a scheduled removal: the licences are kept. */
  readonly op: 'add' | 'remove' | 'set' | 'withdraw';
  readonly seats: Readonly<Record<string, number>>;
  readonly reason?: RemovalReason | undefined;
  readonly explanation?: string | undefined;
  /**
   * Not from a request body: price it as if this member's licences were already back in the
   * pool (the preview of a member leaving, app/staff/member-left.ts).
   */
  readonly leaving?: string | undefined;
}

/**
 * Add, remove or set licences (000, 001, 002, 004), or take back a scheduled removal. With `preview` the engine's quote comes
 * back and nothing is written; otherwise the change is recorded in the subscription's log
 * (applied now or scheduled, as the plan says), what falls due is invoiced, a confirmation is
 * queued to the person who made it and the billing contact (001; the answer names them), and
 * the audit log records it.
 */
export async function changeLicences(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  change: LicenceChange,
  preview: boolean,
  /** What else the change writes once recorded, in its transaction (an approved request). */
  also?: ChangeSteps['write'],
) {
  const proposal: Proposal = { op: change.op, payload: { seats: change.seats } };
  const steps: ChangeSteps = {
    ...changeSteps(context, actor, subscriptionId, change),
    ...(also ? { write: also } : {}),
  };
  // A purchase on a plan paid at once by card: the card first, then the licences (004).
  if (preview) {
    // The answer is more than the quote's transaction sees: kept after it (an idempotent retry).
    spansTransactions();
    const quoted = await recordChange(context, actor, subscriptionId, proposal, true, steps);
    // Paid at once by card: the preview says with which (004).
    if (quoted.collection !== 'charge_automatically' || quoted.chargedNow <= 0n) return quoted;
    const card = await defaultMethod(context.store.db, actor.orgId);
    return { ...quoted, paidWith: card ? `${card.brand} ending ${card.last4}` : null };
  }
  const paid = await chargeForPurchase(context, actor, subscriptionId, proposal);
  if (!paid) return recordChange(context, actor, subscriptionId, proposal, false, steps);
  try {
    return await recordChange(context, actor, subscriptionId, proposal, false, {
      ...steps,
      settle: (trx, invoices) => completePurchase(trx, context, actor, paid, invoices),
    });
  } catch (error) {
    await refundPurchase(context, actor, paid, error);
    throw error;
  }
}

function changeSteps(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  change: LicenceChange,
): ChangeSteps {
  return {
    scope: 'licences:manage',
    rejectionField: 'seats',
    reason: change.reason ?? null,
    explanation: change.explanation ?? null,
    check: async (trx, log, quote, at) => {
      await checkInUse(trx, log, quote, Object.keys(change.seats), change.leaving);
      // Nothing more is bought while an invoice is unpaid after every retry (the plan's rule);
      // keeping licences already held is not buying.
      if (!isDecrease(log, at, change) && change.op !== 'withdraw') {
        await refuseWhileBlocked(trx, log.row.id, at);
      }
      if (!isDecrease(log, at, change)) return [];
      return [...missingReason(quote, change), ...vendorApproval(quote, actor)];
    },
    tell: async (trx, { at, summary }) => {
      const row = await trx
        .selectFrom('subscriptions')
        .select(['location_id', 'time_zone'])
        .where('id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      const by = await actorName(context, trx, actor, 'An integration');
      const sent = await notify(context, trx, {
        orgId: actor.orgId,
        kind: 'licence_change',
        actorStaffId: actor.staffId ?? null,
        locationId: row.location_id,
        at,
        content: licenceChangeEmail({
          op: change.op,
          seats: Object.entries(change.seats),
          outcome: summary.outcome === 'scheduled' ? 'scheduled' : 'applied',
          effective: new Date(summary.effective ?? at.toISOString()),
          chargedNow: summary.chargedNow,
          onNextInvoice: summary.onNextInvoice,
          credited: summary.credited,
          currency: summary.currency,
          timeZone: row.time_zone,
          by,
          reason: change.reason ?? null,
          explanation: change.explanation ?? null,
          url: consoleLink(context, 'subscription'),
        }),
      });
      await emitEvent(trx, {
        orgId: actor.orgId,
        type: 'licences.changed',
        data: {
          subscriptionId,
          op: change.op,
          seats: change.seats,
          outcome: summary.outcome,
          effective: summary.effective,
          seatsAfter: summary.seatsAfter,
          chargedNow: summary.chargedNow,
          onNextInvoice: summary.onNextInvoice,
          credited: summary.credited,
          currency: summary.currency,
          reason: change.reason ?? null,
        },
        at,
      });
      // Who the confirmation went to (001): said in the answer, truthfully.
      return { confirmationSentTo: sent.map((recipient) => recipient.email) };
    },
    audit: (quote, summary) => ({
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
    }),
  };
}

function isDecrease(log: SubscriptionLog, at: Date, change: LicenceChange): boolean {
  if (change.op === 'add' || change.op === 'withdraw') return false;
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
  leaving: string | undefined,
): Promise<void> {
  if (types.length === 0) return;
  const assigned = await assignedCounts(db, log.row.id);
  if (leaving) {
    for (const held of await heldLicences(db, [leaving])) {
      if (held.subscription_id !== log.row.id) continue;
      assigned.set(held.licence_type, (assigned.get(held.licence_type) ?? 1) - 1);
    }
  }
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

/** Removals carry a reason from the fixed list, and an explanation, where the plan asks (001, 002). */
function missingReason(quote: Quote, change: LicenceChange): WriteNeed[] {
  const policy = quote.result.plan.service;
  const missing: WriteNeed[] = [];
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

/** The field a removal waiting for the vendor is reported against (app/requests). */
export const VENDOR_APPROVAL_FIELD = 'vendorApproval';

/**
 * On a plan whose vendor approves removals (12), a removal is made by the vendor (an operator
 * acting for the customer), after a request: the customer's own removal is refused, saying so.
 */
function vendorApproval(quote: Quote, actor: Actor): WriteNeed[] {
  if (quote.result.plan.service.removalApproval !== 'vendor' || actor.kind === 'operator')
    return [];
  return [
    {
      code: 'vendor_approval_required',
      field: VENDOR_APPROVAL_FIELD,
      message:
        'Removals on this plan need the vendor’s approval: send the removal as a request, and it goes to the vendor once a licence manager approves it',
    },
  ];
}
