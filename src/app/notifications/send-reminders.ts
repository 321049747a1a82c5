import { sql } from 'kysely';
import { dueReminders, nextReminderAt, type Reminder } from '../../core/index.js';
import { renewalWindowEmail } from '../../notifications/templates/renewal-window.js';
import { unusedLicencesEmail } from '../../notifications/templates/unused-licences.js';
import { inTransaction, type AppContext, type Db } from '../context.js';
import { assignedCounts } from '../licences/licence-pools.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';
import { consoleLink, notify } from './notify.js';

const BATCH = 100;

/**
 * Send the reminders that have fallen due (by each organisation's clock): the renewal window
 * of a term contract opening and its last week (004), unused licences before the removal
 * deadline (002, only when some are unused). Subscriptions are claimed by their next reminder
 * instant with FOR UPDATE SKIP LOCKED; each reminder is queued once (a dedup key per deadline),
 * and the next instant is moved on in the same transaction. Returns how many were visited.
 */
export async function sendReminders(context: AppContext, limit = 500): Promise<number> {
  let visited = 0;
  while (visited < limit) {
    const done = await inTransaction(context, async (trx) => {
      const due = await sql<{ id: string; org_id: string; now: Date }>`
        select s.id, s.org_id, coalesce(o.test_clock_at, ${context.clock()}::timestamptz) as now
        from subscriptions s join organizations o on o.id = s.org_id
        where s.next_reminder_at is not null
          and s.next_reminder_at <= coalesce(o.test_clock_at, ${context.clock()}::timestamptz)
        order by s.next_reminder_at, s.id
        limit ${Math.min(BATCH, limit - visited)}
        for update of s skip locked`.execute(trx);
      for (const subscription of due.rows) await remind(context, trx, subscription);
      return due.rows.length;
    });
    visited += done;
    if (done === 0) break;
  }
  return visited;
}

async function remind(
  context: AppContext,
  db: Db,
  subscription: { id: string; org_id: string; now: Date },
): Promise<void> {
  const log = await loadSubscriptionLog(db, subscription.org_id, subscription.id, { lock: false });
  const now = new Date(subscription.now);
  const state = stateAt(log, now);
  for (const reminder of dueReminders(state, now.getTime())) {
    await sendReminder(context, db, log.row, reminder, state, now);
  }
  const next = nextReminderAt(state, now.getTime());
  await db
    .updateTable('subscriptions')
    .set({ next_reminder_at: next === null ? null : new Date(next) })
    .where('id', '=', subscription.id)
    .execute();
}

async function sendReminder(
  context: AppContext,
  db: Db,
  row: { id: string; org_id: string; location_id: string | null; time_zone: string },
  reminder: Reminder,
  state: ReturnType<typeof stateAt>,
  now: Date,
): Promise<void> {
  const base = {
    orgId: row.org_id,
    locationId: row.location_id,
    at: now,
    dedupKey: `${reminder.kind}:${row.id}:${reminder.until}`,
  };
  if (reminder.kind === 'unused_licences') {
    const assigned = await assignedCounts(db, row.id);
    const unused = state.plan.licenceTypes
      .filter((type) => !type.unlimited && type.unitAmount > 0)
      .map((type) => {
        let held = state.seats.get(type.key) ?? 0;
        // Removals already scheduled are not unused any more: they are on their way out.
        for (const decrease of state.scheduled) {
          if (decrease.licenceType === type.key) held -= decrease.quantity;
        }
        return [type.key, held - (assigned.get(type.key) ?? 0)] as const;
      })
      .filter(([, n]) => n > 0);
    if (unused.length === 0 || !state.nextPeriodStart) return;
    await notify(context, db, {
      ...base,
      kind: 'unused_licences',
      content: unusedLicencesEmail({
        unused,
        deadline: new Date(reminder.until),
        nextCycle: new Date(state.nextPeriodStart.ms),
        timeZone: row.time_zone,
        url: consoleLink(context, 'health-check'),
      }),
    });
    return;
  }
  if (!state.term) return;
  await notify(context, db, {
    ...base,
    kind: 'renewal_window',
    content: renewalWindowEmail({
      moment: reminder.kind === 'renewal_window_open' ? 'opening' : 'last_week',
      windowStart: new Date(state.term.windowStart.ms),
      termEnd: new Date(state.term.end.ms),
      timeZone: row.time_zone,
      url: consoleLink(context, 'subscription'),
      purchasesBlocked: state.plan.term?.increaseBlockedInRenewalWindow ?? false,
      removalsAtRenewal: state.plan.decrease.effective === 'renewal',
      autoRenew: state.plan.term?.autoRenew ?? false,
    }),
  });
}
