import { sql } from 'kysely';
import { monthlyRecurringRevenue } from '../../core/index.js';
import { currencyExponent } from '../../core/money/index.js';
import { requireOperator } from '../access/operator-keys.js';
import type { Actor, AppContext } from '../context.js';
import { organizationNow } from '../organizations/organization-clock.js';
import { splitPage } from '../pagination.js';
import {
  loadSubscriptionLog,
  stateAt,
  subscriptionsOf,
} from '../subscriptions/subscription-log.js';

/**
 * The operator's view of its customers, a page at a time: each organisation, its
 * subscriptions (plan version in force, status, seats, monthly recurring revenue) and its open
 * invoices (open, with something left to pay: their count and what is left).
 */
export async function listOrganizations(
  context: AppContext,
  actor: Actor,
  filter: { cursor?: string | undefined; limit: number },
) {
  requireOperator(actor);
  const db = context.store.db;
  let query = db.selectFrom('organizations').selectAll();
  if (filter.cursor) query = query.where('id', '>', filter.cursor);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, filter.limit);
  const open = page.length
    ? await db
        .selectFrom('invoices')
        .select(['org_id'])
        .select(sql<string>`count(*)`.as('count'))
        // What is left to pay on each open invoice, as amountDue says (app/billing/amount-due).
        .select(
          sql<bigint>`coalesce(sum(greatest(total - amount_paid - amount_credited, 0)), 0)::bigint`.as(
            'amount',
          ),
        )
        .where(
          'org_id',
          'in',
          page.map((row) => row.id),
        )
        .where('status', '=', 'open')
        .where(sql<boolean>`total - amount_paid - amount_credited > 0`)
        .groupBy('org_id')
        .execute()
    : [];
  const data = [];
  for (const organization of page) {
    const now = organizationNow(context, organization);
    const subscriptions = [];
    for (const row of await subscriptionsOf(db, organization.id)) {
      const state = stateAt(
        await loadSubscriptionLog(db, organization.id, row.id, { lock: false }),
        now,
      );
      subscriptions.push({
        id: row.id,
        locationId: row.location_id,
        planId: row.plan_id,
        soldVersionId: row.plan_version_id,
        planVersionId: state.plan.id ?? row.plan_version_id,
        status: state.status,
        seats: Object.fromEntries(
          state.plan.licenceTypes.map((type) => [type.key, state.seats.get(type.key) ?? 0]),
        ),
        monthlyRecurringRevenue: monthlyRecurringRevenue(
          state.plan,
          state.seats,
          state.status === 'ended',
        ),
      });
    }
    const invoices = open.find((entry) => entry.org_id === organization.id);
    data.push({
      id: organization.id,
      name: organization.name,
      currency: organization.currency,
      currencyExponent: currencyExponent(organization.currency),
      timeZone: organization.time_zone,
      createdAt: organization.created_at.toISOString(),
      subscriptions,
      openInvoices: { count: Number(invoices?.count ?? 0), amount: BigInt(invoices?.amount ?? 0n) },
      monthlyRecurringRevenue: subscriptions.reduce(
        (sum, subscription) => sum + subscription.monthlyRecurringRevenue,
        0n,
      ),
    });
  }
  return { data, nextCursor };
}
