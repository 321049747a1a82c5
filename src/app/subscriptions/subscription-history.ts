import { ZoneCalendar, isoDateOf } from '../../core/calendar/index.js';
import { simulate } from '../../core/index.js';
import { AppError } from '../app-error.js';
import type { Actor, AppContext } from '../context.js';
import { scenarioOf } from './subscription-log.js';
import { readSubscription } from './subscription-views.js';

export interface HistoryPoint {
  /** The first day of the month, in the organisation's time zone. */
  readonly month: string;
  /** Licences purchased and assigned per type at the start of the month (or at start). */
  readonly purchased: Readonly<Record<string, number>>;
  readonly assigned: Readonly<Record<string, number>>;
  /** Invoice totals issued in the month, in minor units. */
  readonly spend: bigint;
}

/**
 * Month by month since the subscription started: licences purchased (from the engine, at
 * each month's first instant), licences assigned (from the assignments), and spend (from
 * the invoices issued). For the console's charts.
 */
export async function subscriptionHistory(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
) {
  const db = context.store.db;
  // Month by month from the start: the whole log (a rare read; see docs/architecture.md).
  const { now, log } = await readSubscription(context, actor, subscriptionId, { full: true });
  const calendar = ZoneCalendar.of(log.row.time_zone);
  if (!calendar) throw new AppError('conflict', `Unknown time zone ${log.row.time_zone}`);
  const firstOfMonth = calendar.startOfMonthAt(log.row.start_at.getTime());
  const assignments = await db
    .selectFrom('licence_assignments')
    .select(['licence_type', 'assigned_at', 'released_at'])
    .where('subscription_id', '=', subscriptionId)
    .execute();
  const invoices = await db
    .selectFrom('invoices')
    .select(['issued_at', 'total'])
    .where('subscription_id', '=', subscriptionId)
    .execute();
  const points: HistoryPoint[] = [];
  for (let k = 0; k < 120; k++) {
    const monthStart = calendar.addIntervals(firstOfMonth, 'month', k);
    if (monthStart.ms > now.getTime()) break;
    const monthEnd = calendar.addIntervals(firstOfMonth, 'month', k + 1);
    const at = new Date(Math.max(monthStart.ms, log.row.start_at.getTime()));
    // Only the facts recorded by then: never today's quantities written back into the past.
    const state = simulate(
      scenarioOf({ ...log, events: log.events.filter((event) => event.at <= at) }, at),
    );
    const assigned: Record<string, number> = {};
    for (const assignment of assignments) {
      const held =
        assignment.assigned_at <= at && (!assignment.released_at || assignment.released_at > at);
      if (held) assigned[assignment.licence_type] = (assigned[assignment.licence_type] ?? 0) + 1;
    }
    let spend = 0n;
    for (const invoice of invoices) {
      const issued = invoice.issued_at.getTime();
      if (issued >= monthStart.ms && issued < monthEnd.ms) spend += invoice.total;
    }
    points.push({
      month: isoDateOf(monthStart.day),
      purchased: Object.fromEntries(
        [...state.seats].filter(([key]) =>
          state.plan.licenceTypes.some((t) => t.key === key && !t.unlimited),
        ),
      ),
      assigned,
      spend,
    });
  }
  return { subscriptionId, currency: simulate(scenarioOf(log, now)).plan.currency, months: points };
}
