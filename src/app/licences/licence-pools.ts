import type { SimulationResult } from '../../core/index.js';
import type { LicenceType } from '../../core/plans/index.js';
import type { Db } from '../context.js';

export interface LicencePool {
  readonly licenceType: string;
  readonly unitAmount: number;
  readonly addonTo: readonly string[];
  readonly unlimited: boolean;
  /** Seats in force now. */
  readonly purchased: number;
  /** Seats once scheduled decreases (and a renewal's next term) have taken effect. */
  readonly purchasedAfterScheduled: number;
  readonly assigned: number;
  /** Free to assign now and after scheduled decreases; null for an unlimited type. */
  readonly available: number | null;
}

/** Assigned seats per licence type of a subscription. */
export async function assignedCounts(db: Db, subscriptionId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('licence_assignments')
    .select(['licence_type'])
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('subscription_id', '=', subscriptionId)
    .where('released_at', 'is', null)
    .groupBy('licence_type')
    .execute();
  return new Map(rows.map((row) => [row.licence_type, Number(row.count)]));
}

export function poolOf(type: LicenceType, state: SimulationResult, assigned: number): LicencePool {
  const purchased = state.seats.get(type.key) ?? 0;
  let after = purchased;
  for (const decrease of state.scheduled) {
    if (decrease.licenceType === type.key) after -= decrease.quantity;
  }
  // Once renewed, the next term's quantities bound it too: a licence assigned now must still
  // be there when the next term starts (004).
  const renewal = state.term?.renewal;
  if (renewal) after = Math.min(after, renewal.seats.get(type.key) ?? 0);
  return {
    licenceType: type.key,
    unitAmount: type.unitAmount,
    addonTo: type.addonTo,
    unlimited: type.unlimited,
    purchased,
    purchasedAfterScheduled: Math.max(0, after),
    assigned,
    available: type.unlimited ? null : Math.max(0, Math.min(purchased, after) - assigned),
  };
}

export function poolsOf(
  state: SimulationResult,
  assigned: ReadonlyMap<string, number>,
): LicencePool[] {
  return state.plan.licenceTypes.map((type) => poolOf(type, state, assigned.get(type.key) ?? 0));
}
