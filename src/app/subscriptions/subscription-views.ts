import { formatInstant } from '../../core/calendar/index.js';
import { amountOf, type SimulationResult } from '../../core/index.js';
import type { SubscriptionRow } from '../../store/schema.js';
import { requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { assignedCounts, poolsOf } from '../licences/licence-pools.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import { collectionStatus } from '../payments/collection-status.js';
import { derivedInvoiceView, lineView, termView } from '../views.js';
import {
  eventIdsOf,
  loadSubscriptionLog,
  stateAt,
  subscriptionsOf,
  type SubscriptionLog,
} from './subscription-log.js';

/** A subscription as the overview shows it: pools, the next invoice, the term, what is scheduled. */
async function subscriptionView(db: Db, log: SubscriptionLog, now: Date) {
  const state = stateAt(log, now);
  const pools = poolsOf(state, await assignedCounts(db, log.row.id));
  const upcoming = await upcomingInvoice(db, log, state, now);
  const collection = await collectionStatus(db, log.row.id, now);
  const eventId = await eventIdsOf(
    db,
    log,
    state.pending.map((line) => line.event),
  );
  return {
    id: log.row.id,
    locationId: log.row.location_id,
    planId: log.row.plan_id,
    planVersionId: state.plan.id ?? log.row.plan_version_id,
    soldPlanVersionId: log.row.plan_version_id,
    plan: describePlan(state),
    status: state.status,
    endedAt: state.endedAt ? formatInstant(state.endedAt.ms) : null,
    currency: state.plan.currency,
    creditBalance: state.creditBalance,
    pools: pools.map((pool) => ({
      ...pool,
      costPerPeriod: amountOf(BigInt(pool.unitAmount), pool.purchased),
      addonExceedsBase:
        pool.addonTo.length > 0 &&
        pool.purchased >
          pools
            .filter((base) => pool.addonTo.includes(base.licenceType))
            .reduce((n, b) => n + b.purchased, 0),
    })),
    nextInvoice: upcoming
      ? { issuedAt: upcoming.issuedAt, total: upcoming.total, subtotal: upcoming.subtotal }
      : null,
    pendingLines: state.pending.map((line) => lineView(line, eventId)),
    term: termView(state, now),
    scheduled: state.scheduled.map((decrease) => ({
      licenceType: decrease.licenceType,
      quantity: decrease.quantity,
      effective: formatInstant(decrease.effective.ms),
    })),
    cancelledFrom: state.cancelledFrom ? formatInstant(state.cancelledFrom.ms) : null,
    startedAt: log.row.start_at.toISOString(),
    pastDue: collection.pastDue,
    purchasesBlocked: collection.purchasesBlocked,
  };
}

function describePlan(state: SimulationResult) {
  const plan = state.plan;
  return {
    currency: plan.currency,
    interval: plan.interval,
    intervalCount: plan.intervalCount,
    licenceTypes: plan.licenceTypes.map((type) => ({ ...type })),
    increase: plan.increase.charge,
    decrease: { ...plan.decrease },
    invoiceChanges: plan.invoiceChanges,
    blockSize: plan.blockSize,
    term: plan.term,
    scope: plan.service.scope,
    exclusiveLicences: plan.service.exclusiveLicences,
    // Which licence types grant the provider and admin roles (003): the console's hints.
    licenceRoles: {
      provider: [...plan.service.licenceRoles.provider],
      admin: [...plan.service.licenceRoles.admin],
    },
    ownerLicence: plan.service.ownerLicence,
    removalExplanationRequired: plan.service.removalExplanationRequired,
  };
}

/**
 * The next invoice as the engine will issue it: the log run to the next period start
 * (or, for an ended subscription, what is still pending), with nothing written.
 */
async function upcomingInvoice(db: Db, log: SubscriptionLog, state: SimulationResult, now: Date) {
  if (!state.nextPeriodStart) return null;
  const until = new Date(state.nextPeriodStart.ms);
  const future = stateAt(log, until);
  const invoice = future.invoices.find(
    (candidate) => candidate.issuedAt.ms === state.nextPeriodStart?.ms,
  );
  if (!invoice || invoice.issuedAt.ms <= now.getTime()) return null;
  const eventId = await eventIdsOf(
    db,
    log,
    invoice.lines.map((line) => line.event),
  );
  return derivedInvoiceView(invoice, eventId);
}

export async function listSubscriptions(context: AppContext, actor: Actor) {
  requireScope(actor, 'billing:read');
  const db = context.store.db;
  const organization = await loadOrganization(db, actor.orgId);
  const now = organizationNow(context, organization);
  const rows: SubscriptionRow[] = await subscriptionsOf(db, actor.orgId);
  const views = [];
  for (const row of rows)
    views.push(
      await subscriptionView(
        db,
        await loadSubscriptionLog(db, actor.orgId, row.id, { lock: false }),
        now,
      ),
    );
  return views;
}

/** A subscription's log and the organisation's now, for a read that changes nothing. */
export async function readSubscription(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  options: { full?: boolean } = {},
) {
  requireScope(actor, 'billing:read');
  const db = context.store.db;
  const organization = await loadOrganization(db, actor.orgId);
  const now = organizationNow(context, organization);
  const log = await loadSubscriptionLog(db, actor.orgId, subscriptionId, {
    lock: false,
    ...options,
  });
  return { now, log };
}

export async function getSubscription(context: AppContext, actor: Actor, subscriptionId: string) {
  const { now, log } = await readSubscription(context, actor, subscriptionId);
  return subscriptionView(context.store.db, log, now);
}

export async function getUpcomingInvoice(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
) {
  const { now, log } = await readSubscription(context, actor, subscriptionId);
  const db = context.store.db;
  const state = stateAt(log, now);
  const eventId = await eventIdsOf(
    db,
    log,
    state.pending.map((line) => line.event),
  );
  return {
    invoice: await upcomingInvoice(db, log, state, now),
    pendingLines: state.pending.map((line) => lineView(line, eventId)),
  };
}
