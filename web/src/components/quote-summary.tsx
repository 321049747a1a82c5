import type { Quote } from '../api/types';
import { useSession } from '../session';

const OUTCOME: Record<string, string> = {
  applied: 'Takes effect now',
  scheduled: 'Scheduled',
  rejected: 'Not allowed',
};

/** What a change will cost, as the engine priced it: now, on the next invoice, credited. */
export function QuoteSummary({ quote, title = 'Cost preview' }: { quote: Quote; title?: string }) {
  const { money, date, span } = useSession();
  const lines = [...quote.lines.chargedNow, ...quote.lines.nextInvoice];
  return (
    <section className="quote" aria-label={title} aria-live="polite">
      <h3>{title}</h3>
      {quote.rejection ? (
        <p className="notice error" role="alert">
          {quote.rejection.message} <span className="code">({quote.rejection.code})</span>
        </p>
      ) : (
        <>
          <p>
            <strong>{OUTCOME[quote.outcome] ?? quote.outcome}</strong>
            {quote.effective ? ` from ${date(quote.effective)}` : ''}
          </p>
          <dl className="figures">
            <div>
              <dt>Charged now</dt>
              <dd>{money(quote.chargedNow)}</dd>
            </div>
            <div>
              <dt>On the next invoice</dt>
              <dd>{money(quote.onNextInvoice)}</dd>
            </div>
            <div>
              <dt>Credited</dt>
              <dd>{money(quote.credited)}</dd>
            </div>
          </dl>
          {quote.paidWith !== undefined && quote.chargedNow > 0 ? (
            <p className={quote.paidWith ? 'muted' : 'notice warning'}>
              {quote.paidWith
                ? `Paid at once with ${quote.paidWith}; the licences are added once it is paid.`
                : 'Paid at once by card: add a card under Cards first.'}
            </p>
          ) : null}
          {lines.length > 0 ? (
            <ul className="lines">
              {lines.map((line, i) => (
                <li key={i}>
                  <span>{line.description}</span>
                  <span className="amount">{money(line.amount)}</span>
                  <span className="muted small">{span(line.from, line.to)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {quote.warnings.includes('addon_exceeds_base') ? (
            <p className="notice warning">
              More add-on licences than base licences: the extra add-ons cannot be used.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
