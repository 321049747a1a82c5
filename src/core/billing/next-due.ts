import type { SimulationResult } from './simulate.js';

/**
 * The next instant after `until` at which the clock alone changes what is owed or held:
 * a period (or term) starts and is invoiced, a scheduled decrease takes effect, a cancelled
 * subscription ends. Null once the subscription has ended. A billing run needs to visit a
 * subscription only from then on; every change recomputes it.
 */
export function nextDueAt(state: SimulationResult, until: number): number | null {
  if (state.status === 'ended') return null;
  const candidates: number[] = [];
  if (state.nextPeriodStart) candidates.push(state.nextPeriodStart.ms);
  if (state.cancelledFrom) candidates.push(state.cancelledFrom.ms);
  for (const decrease of state.scheduled) candidates.push(decrease.effective.ms);
  const later = candidates.filter((ms) => ms > until);
  return later.length > 0 ? Math.min(...later) : null;
}
