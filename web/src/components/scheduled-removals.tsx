import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Subscription } from '../api/types';
import { useSession } from '../session';
import { ErrorNotice } from './states';

/**
 * The removals already scheduled (12), each type with a way to keep its licences after all:
 * the scheduled removal is taken back (`op: withdraw`), nothing is charged now and the next
 * invoices charge for the licences as before. Asked twice: the first click says what it
 * means, the second does it.
 */
export function ScheduledRemovals(props: {
  subscription: Subscription;
  onKept: (message: string) => void;
}) {
  const { date } = useSession();
  const [asking, setAsking] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const scheduled = props.subscription.scheduled;
  if (scheduled.length === 0) return null;
  const types = [...new Set(scheduled.map((decrease) => decrease.licenceType))];
  const total = (type: string) =>
    scheduled.filter((d) => d.licenceType === type).reduce((sum, d) => sum + d.quantity, 0);

  const keep = async (type: string) => {
    setBusy(true);
    setError(null);
    try {
      const kept = await unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/licence-changes', {
          params: { path: { subscriptionId: props.subscription.id } },
          body: { op: 'withdraw', seats: { [type]: total(type) } },
        }),
      );
      setAsking(null);
      const told = kept.confirmationSentTo?.length
        ? ` A confirmation e-mail is on its way to ${kept.confirmationSentTo.join(' and ')}.`
        : '';
      props.onKept(`The removal of ${total(type)} ${type} licences is cancelled.${told}`);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="notice" role="note" aria-label="Scheduled changes">
      <p>Already scheduled:</p>
      <ul>
        {types.map((type) => (
          <li key={type}>
            {scheduled
              .filter((d) => d.licenceType === type)
              .map((d) => `${d.quantity} ${type} removed on ${date(d.effective)}`)
              .join('; ')}{' '}
            {asking === type ? (
              <span className="confirm">
                Keep all {total(type)}? Nothing is charged now; your next invoices charge for them
                as before.{' '}
                <button type="button" disabled={busy} onClick={() => void keep(type)}>
                  {busy ? 'Keeping…' : `Yes, keep ${total(type)} ${type}`}
                </button>{' '}
                <button type="button" disabled={busy} onClick={() => setAsking(null)}>
                  No
                </button>
              </span>
            ) : (
              <button type="button" onClick={() => (setAsking(type), setError(null))}>
                Cancel this removal
              </button>
            )}
          </li>
        ))}
      </ul>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
