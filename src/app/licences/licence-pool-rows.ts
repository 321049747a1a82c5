import { sql } from 'kysely';
import type { SimulationResult } from '../../core/index.js';
import { recordset } from '../../store/recordset.js';
import type { Db } from '../context.js';
import { assignedCounts, poolOf } from './licence-pools.js';

export interface PoolRow {
  /** Null for an unlimited type. */
  readonly capacity: number | null;
  readonly assigned: number;
}

/** The SQLSTATE the pool trigger refuses with: no room, or the pool not computed yet. */
const POOL_REFUSED = 'SL001';

/** Whether a database error is the pool trigger's refusal. */
export function isPoolRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === POOL_REFUSED;
}

/**
 * How many licences of each type of the plan in force may be assigned at `state`: those in
 * force, once scheduled decreases and a renewed next term are counted (a licence assigned now
 * must still be there then); null for an unlimited type; none once the subscription ended.
 */
export function capacitiesOf(state: SimulationResult): Map<string, number | null> {
  return new Map(
    state.plan.licenceTypes.map((type) => {
      if (type.unlimited) return [type.key, null];
      if (state.status === 'ended') return [type.key, 0];
      return [type.key, poolOf(type, state, 0).available ?? 0];
    }),
  );
}

/**
 * Lock a subscription's pool rows for the rest of the transaction (the caller holds the
 * subscription's row lock): a licence being taken from one meanwhile is committed first, and
 * none is taken until the transaction ends, so what it then reads of the assignments holds.
 */
export async function lockPools(
  db: Db,
  subscriptionId: string,
): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('licence_pools')
    .select(['licence_type', 'capacity'])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('licence_type')
    .forUpdate()
    .execute();
  return new Map(rows.map((row) => [row.licence_type, row.capacity]));
}

/**
 * Write a subscription's pools as its log says at `state`, in the caller's transaction, under
 * the subscription's row lock (the caller holds it): the pool rows locked, the assignments
 * counted after the lock (every one committed before it), each capacity and count written.
 */
export async function refreshPools(
  db: Db,
  subscription: { readonly org_id: string; readonly id: string },
  state: SimulationResult,
): Promise<Map<string, PoolRow>> {
  await lockPools(db, subscription.id);
  const assigned = await assignedCounts(db, subscription.id);
  const pools = new Map<string, PoolRow>();
  for (const [key, capacity] of capacitiesOf(state)) {
    pools.set(key, { capacity, assigned: assigned.get(key) ?? 0 });
  }
  const rows = [...pools].map(([licence_type, pool]) => ({
    org_id: subscription.org_id,
    subscription_id: subscription.id,
    licence_type,
    capacity: pool.capacity,
    assigned: pool.assigned,
  }));
  if (rows.length > 0) {
    await sql`
      insert into licence_pools (org_id, subscription_id, licence_type, capacity, assigned)
      select org_id, subscription_id, licence_type, capacity, assigned
      from ${recordset(rows, {
        org_id: 'text',
        subscription_id: 'text',
        licence_type: 'text',
        capacity: 'integer',
        assigned: 'integer',
      })}
      on conflict (subscription_id, licence_type)
      do update set capacity = excluded.capacity, assigned = excluded.assigned`.execute(db);
  }
  return pools;
}
