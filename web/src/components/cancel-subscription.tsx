import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { Quote, Subscription } from '../api/types';
import { useSession } from '../session';
import { QuoteSummary } from './quote-summary';
import { Done, ErrorNotice } from './states';

/**
 * Cancel the subscription (12), always previewed first: the engine's quote of ending it on the
 * chosen day (what is credited back, what is still invoiced), then a second, explicit step.
 * The end defaults to the end of the current period (or of the term); licences expire with
 * the subscription (004).
 */
export function CancelSubscription(props: { subscription: Subscription; onDone: () => void }) {
  const { date, locationName } = useSession();
  const { subscription } = props;
  const defaultEnd =
    subscription.term?.endsAt ?? subscription.nextInvoice?.issuedAt ?? new Date().toISOString();
  const [effective, setEffective] = useState(defaultEnd.slice(0, 10));
  const [reason, setReason] = useState('');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (subscription.status === 'ended') return null;
  if (subscription.cancelledFrom) {
    return (
      <section className="card" aria-labelledby="cancel-title">
        <h2 id="cancel-title">Cancellation</h2>
        <p>This subscription ends on {date(subscription.cancelledFrom)}.</p>
      </section>
    );
  }
  const send = (preview: boolean) =>
    unwrap(
      api.POST('/v1/subscriptions/{subscriptionId}/cancellation', {
        params: {
          path: { subscriptionId: subscription.id },
          query: { preview: preview ? 'true' : 'false' },
        },
        body: { effective, ...(reason.trim() ? { reason } : {}) },
      }),
    );
  const previewIt = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setQuote(null);
    try {
      setQuote(await send(true));
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await send(false);
      setQuote(null);
      setDone(
        `The subscription of ${locationName(subscription.locationId)} ends on ${date(answer.effective ?? effective)}.`,
      );
      props.onDone();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void previewIt(e)} aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel the subscription</h2>
      <p className="muted">
        Licences expire when the subscription ends; staff lose what their licences give them.
      </p>
      <label htmlFor="cancel-on">Ends on</label>
      <input
        id="cancel-on"
        type="date"
        required
        value={effective}
        onChange={(e) => (setEffective(e.target.value), setQuote(null))}
      />
      <label htmlFor="cancel-why">Reason (optional)</label>
      <input
        id="cancel-why"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit">Preview the cancellation</button>
      {quote ? (
        <>
          <QuoteSummary quote={quote} title="If you cancel" />
          {quote.outcome !== 'rejected' ? (
            <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
              {busy
                ? 'Cancelling…'
                : `Cancel the subscription on ${date(quote.effective ?? effective)}`}
            </button>
          ) : null}
        </>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <Done message={done} />
    </form>
  );
}
