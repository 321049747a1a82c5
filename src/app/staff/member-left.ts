import { AppError } from '../app-error.js';
import { requireScope, type Actor, type AppContext } from '../context.js';
import { spansTransactions } from '../response-scope.js';
import { changeLicences } from '../subscriptions/change-licences.js';
import { heldLicences, loadStaff } from './staff-records.js';
import { updateStaff } from './update-staff.js';

export interface Departure {
  /** Also remove the licences they held from the subscription (001: staff_left). */
  readonly removeLicences: boolean;
  readonly explanation?: string | undefined;
}

/**
 * "A member left" (12, 001): one action that makes them inactive (signed out, their licences
 * back in the pool), and, if asked, removes as many licences as they held from the next cycle
 * with the reason `staff_left`. The preview prices the removal as if their licences were
 * already back in the pool. The two steps commit one after the other: if the removal is then
 * refused (a rule of the plan, the block size), the member stays inactive and the answer says
 * why the licences were not removed.
 */
export async function memberLeft(
  context: AppContext,
  actor: Actor,
  staffId: string,
  departure: Departure,
  preview: boolean,
) {
  requireScope(actor, 'staff:manage');
  if (departure.removeLicences) requireScope(actor, 'licences:manage');
  const db = context.store.db;
  const staff = await loadStaff(db, actor.orgId, staffId);
  if (staff.is_owner) {
    throw new AppError('conflict', 'The account owner cannot leave: make someone else owner first');
  }
  // What they hold, by subscription and type: read now for a preview; for the change, taken
  // from what making them inactive returned to the pool under its lock (a licence given or
  // released meanwhile is counted as it then stood).
  const seatsBySubscription = (
    licences: readonly { licenceType: string; subscriptionId: string }[],
  ) => {
    const bySubscription = new Map<string, Record<string, number>>();
    for (const licence of licences) {
      const seats = bySubscription.get(licence.subscriptionId) ?? {};
      seats[licence.licenceType] = (seats[licence.licenceType] ?? 0) + 1;
      bySubscription.set(licence.subscriptionId, seats);
    }
    return bySubscription;
  };
  const removal = (seats: Record<string, number>) => ({
    op: 'remove' as const,
    seats,
    reason: 'staff_left' as const,
    explanation: departure.explanation?.trim() || `${staff.name} left`,
  });
  // Each subscription's removal, priced (as if their licences were free) or made.
  const removeAll = async (
    dryRun: boolean,
    released: readonly { licenceType: string; subscriptionId: string }[],
  ) => {
    const removals: {
      subscriptionId: string;
      seats: Record<string, number>;
      quote: Awaited<ReturnType<typeof changeLicences>> | ReturnType<typeof refusal>;
    }[] = [];
    if (!departure.removeLicences) return removals;
    for (const [subscriptionId, seats] of seatsBySubscription(released)) {
      const change = dryRun ? { ...removal(seats), leaving: staffId } : removal(seats);
      const quote = await changeLicences(context, actor, subscriptionId, change, dryRun).catch(
        (error: unknown) => refusal(error),
      );
      removals.push({ subscriptionId, seats, quote });
    }
    return removals;
  };
  if (preview) {
    const released = (await heldLicences(db, [staffId])).map((l) => ({
      licenceType: l.licence_type,
      subscriptionId: l.subscription_id,
    }));
    return {
      preview: true,
      staffId,
      name: staff.name,
      released,
      removals: await removeAll(true, released),
    };
  }
  // Several transactions: the answer is kept (for an idempotent retry) after the last.
  spansTransactions();
  const updated = await updateStaff(context, actor, staffId, { status: 'inactive' });
  const released = updated.licencesReturned;
  const removals = await removeAll(false, released);
  return { preview: false, staffId, name: staff.name, released, removals, staff: updated };
}

/** A removal the rules refuse is reported beside the departure, not instead of it. */
function refusal(error: unknown) {
  if (!(error instanceof AppError)) throw error;
  return { refused: { code: error.code, message: error.message, field: error.field } };
}
