import type { Moment } from '../calendar/index.js';
import type { SimulationResult } from './simulate.js';

const HOUR_MS = 3_600_000;

/**
 * When a licence removal asked for now still spares the next cycle's charge (002: "24 hours
 * before your next billing cycle"): before the next period start less the plan's cutoff;
 * on a removal-at-renewal plan, inside the renewal window. Null once nothing is coming.
 */
export function removalDeadline(
  state: SimulationResult,
): { readonly from: number | null; readonly until: number } | null {
  const { decrease } = state.plan;
  if (decrease.effective === 'renewal') {
    return state.term && !state.term.renewed
      ? { from: state.term.windowStart.ms, until: state.term.end.ms }
      : null;
  }
  const next: Moment | null = state.nextPeriodStart;
  if (!next) return null;
  return { from: null, until: next.ms - decrease.cutoffHours * HOUR_MS };
}
