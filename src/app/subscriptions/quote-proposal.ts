import { parseScenario, quoteEvent, type Quote } from '../../core/index.js';
import { AppError } from '../app-error.js';
import type { SubscriptionLog } from './subscription-log.js';
import { knownPlansOf, nextFactTime } from './subscription-log.js';

/** A fact someone proposes to add to a subscription's log, in the scenario contract's form. */
export interface Proposal {
  readonly op:
    'add' | 'remove' | 'set' | 'invoice_now' | 'renew' | 'cancel' | 'credit' | 'withdraw';
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface ProposalQuote {
  /** When the fact would be recorded. */
  readonly at: Date;
  readonly quote: Quote;
}

/**
 * Price a proposal with the engine: the log plus the proposal, run to the moment it would
 * happen. The proposal passes the same validation as a scenario file's event; a fault is
 * reported against the request's own field names.
 */
export function quoteProposal(log: SubscriptionLog, now: Date, proposal: Proposal): ProposalQuote {
  const at = nextFactTime(log, now);
  const { row } = log;
  const events = log.events.map((event) => ({
    ...event.payload,
    at: event.at.toISOString(),
    op: event.op,
  }));
  const index = events.length;
  const parsed = parseScenario(
    {
      plan: row.plan,
      timeZone: row.time_zone,
      start: row.start_at.toISOString(),
      billingAnchor: row.billing_anchor.toISOString(),
      seats: row.seats,
      events: [...events, { ...proposal.payload, at: at.toISOString(), op: proposal.op }],
      until: at.toISOString(),
    },
    { ...knownPlansOf(log), serviceFacts: true },
  );
  if (!parsed.ok) {
    const prefix = `events[${index}].`;
    const { path, message } = parsed.issue;
    if (!path.startsWith(prefix)) throw new Error(`subscription ${row.id}: ${path}: ${message}`);
    throw new AppError(
      'validation_failed',
      `${path.slice(prefix.length)}: ${message}`,
      path.slice(prefix.length),
    );
  }
  const { scenario } = parsed;
  const event = scenario.events[index];
  if (!event) throw new Error('the proposal was not parsed');
  const quote = quoteEvent(
    { ...scenario, events: scenario.events.slice(0, index) },
    event,
    event.at,
    log.checkpoint,
  );
  return { at, quote };
}
