import type { Moment } from '../calendar/index.js';
import type { Scenario, ScenarioEvent } from '../scenario/scenario.js';
import type { InvoiceLine } from './invoice.js';
import type { Checkpoint } from './checkpoint.js';
import { resume, simulate, type EventOutcome, type SimulationResult } from './simulate.js';

/**
 * What one more event would do, priced by the engine itself: the subscription's log plus
 * the proposed event, run to the instant it happens. Nothing is written; a preview and the
 * change it previews are the same computation.
 */
export interface Quote {
  readonly outcome: EventOutcome;
  /** Lines the event causes that are invoiced at once. */
  readonly chargedNow: readonly InvoiceLine[];
  /** Lines the event causes that wait for the next invoice. */
  readonly nextInvoice: readonly InvoiceLine[];
  readonly result: SimulationResult;
}

export function quoteEvent(
  scenario: Scenario,
  event: ScenarioEvent,
  now: Moment,
  checkpoint: Checkpoint | null = null,
): Quote {
  const index = (checkpoint?.eventCount ?? 0) + scenario.events.length;
  const until = now.ms > scenario.until.ms ? now : scenario.until;
  const proposed = { ...scenario, events: [...scenario.events, event], until };
  const result = checkpoint ? resume(proposed, checkpoint) : simulate(proposed);
  const outcome = result.events.find((candidate) => candidate.index === index);
  if (!outcome) throw new Error('the proposed event has no outcome');
  const caused = (line: InvoiceLine): boolean => line.event === index;
  return {
    outcome,
    chargedNow: result.invoices.flatMap((invoice) => invoice.lines.filter(caused)),
    nextInvoice: result.pending.filter(caused),
    result,
  };
}
