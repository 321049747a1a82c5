import { formatInstant } from '../../core/calendar/index.js';
import type { Quote } from '../../core/index.js';
import { lineView } from '../views.js';
import type { Proposal } from './quote-proposal.js';

/** The quote as the API shows it: where each amount goes and when the change takes effect. */
export function quoteView(quote: Quote, at: Date, op: Proposal['op'] | null = null) {
  const outcome = quote.outcome;
  // "Invoice now" causes no line of its own: what it charges now is every line it invoices.
  const chargedNowLines =
    op === 'invoice_now'
      ? quote.result.invoices
          .filter((invoice) => invoice.issuedAt.ms === at.getTime())
          .flatMap((invoice) => invoice.lines)
      : quote.chargedNow;
  const sum = (lines: readonly { amount: bigint }[]) =>
    lines.reduce((total, line) => total + line.amount, 0n);
  const credits = [...chargedNowLines, ...quote.nextInvoice].filter((line) => line.amount < 0n);
  return {
    at: at.toISOString(),
    outcome: outcome.outcome,
    effective: outcome.outcome === 'rejected' ? null : formatInstant(outcome.effective.ms),
    rejection:
      outcome.outcome === 'rejected' ? { code: outcome.code, message: outcome.message } : null,
    warnings: outcome.outcome === 'rejected' ? [] : [...outcome.warnings],
    currency: quote.result.plan.currency,
    collection: quote.result.plan.service.collection.method,
    chargedNow: sum(chargedNowLines),
    onNextInvoice: sum(quote.nextInvoice),
    credited: -sum(credits),
    lines: {
      chargedNow: chargedNowLines.map((line) => lineView(line)),
      nextInvoice: quote.nextInvoice.map((line) => lineView(line)),
    },
    seatsAfter: Object.fromEntries(quote.result.seats),
    scheduled: quote.result.scheduled.map((decrease) => ({
      licenceType: decrease.licenceType,
      quantity: decrease.quantity,
      effective: formatInstant(decrease.effective.ms),
    })),
  };
}

export type QuoteView = ReturnType<typeof quoteView>;
