import { removalDeadline } from './removal-deadline.js';
import type { SimulationResult } from './simulate.js';

const DAY_MS = 86_400_000;
/** The last week of a term (004). */
export const LAST_WEEK_MS = 7 * DAY_MS;
/** Unused licences are told this long before the removal deadline (002). */
export const UNUSED_NOTICE_MS = 3 * DAY_MS;

export type ReminderKind = 'renewal_window_open' | 'renewal_last_week' | 'unused_licences';

export interface Reminder {
  readonly kind: ReminderKind;
  /** When it is due. */
  readonly at: number;
  /** The deadline it is about (a term's end, a removal deadline): after it, it is moot. */
  readonly until: number;
}

/**
 * The reminders a subscription's state calls for: a term contract not yet renewed, when its
 * renewal window opens and a week before it ends (004); on a plan whose removals take effect
 * at a period's end, a few days before the removal deadline (002; whether licences are unused
 * is the service's to check then).
 */
export function remindersOf(state: SimulationResult): Reminder[] {
  if (state.status === 'ended') return [];
  const reminders: Reminder[] = [];
  if (state.term && !state.term.renewed) {
    const end = state.term.end.ms;
    reminders.push({ kind: 'renewal_window_open', at: state.term.windowStart.ms, until: end });
    reminders.push({ kind: 'renewal_last_week', at: end - LAST_WEEK_MS, until: end });
  }
  const deadline = removalDeadline(state);
  if (deadline && state.plan.decrease.effective !== 'renewal') {
    reminders.push({
      kind: 'unused_licences',
      at: deadline.until - UNUSED_NOTICE_MS,
      until: deadline.until,
    });
  }
  return reminders;
}

/** Reminders due at `now` and not yet moot. */
export function dueReminders(state: SimulationResult, now: number): Reminder[] {
  return remindersOf(state).filter((reminder) => reminder.at <= now && now < reminder.until);
}

/** The next instant after `after` a reminder falls due; null when none is coming. */
export function nextReminderAt(state: SimulationResult, after: number): number | null {
  const later = remindersOf(state)
    .map((reminder) => reminder.at)
    .filter((at) => at > after);
  return later.length > 0 ? Math.min(...later) : null;
}
