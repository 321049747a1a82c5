import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { Quote, Subscription } from '../api/types';
import { ClinicPicker } from '../components/clinic-picker';
import { QuoteSummary } from '../components/quote-summary';
import { LicenceStepper } from '../components/licence-stepper';
import { RemovalReason, type Reason } from '../components/removal-reason';
import { ScheduledRemovals } from '../components/scheduled-removals';
import { SendForApproval } from '../components/send-for-approval';
import { Empty, ErrorNotice, Loaded } from '../components/states';
import { useSession } from '../session';
import { useRefresh } from '../queries/query-client';
import { useSubscriptions } from '../queries/subscriptions';

/** Request a licence adjustment: steppers per type, a live quote, a reason for removals. */
export function AdjustLicencesPage({ subscriptionId }: { subscriptionId: string | null }) {
  const subscriptions = useSubscriptions();
  const refresh = useRefresh();
  return (
    <>
      <h1>Adjust licences</h1>
      <Loaded load={subscriptions}>
        {(list) => {
          const active = list.filter((s) => s.status === 'active');
          const chosen = active.find((s) => s.id === subscriptionId) ?? active[0];
          if (!chosen) return <Empty>No active subscription to adjust.</Empty>;
          return (
            <>
              <ClinicPicker subscriptions={active} chosen={chosen} page="adjust" />
              <AdjustForm key={chosen.id} subscription={chosen} onDone={() => refresh()} />
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function AdjustForm({ subscription, onDone }: { subscription: Subscription; onDone: () => void }) {
  const { date } = useSession();
  const step = Number(subscription.plan.blockSize) || 1;
  const paid = subscription.pools.filter((pool) => !pool.unlimited);
  // What each type comes to once the removals already scheduled take effect: the form starts
  // there, so a scheduled removal is not offered again (12).
  const projected = (type: string, purchased: number) =>
    purchased -
    subscription.scheduled
      .filter((decrease) => decrease.licenceType === type)
      .reduce((sum, decrease) => sum + decrease.quantity, 0);
  const after = Object.fromEntries(
    paid.map((p) => [p.licenceType, projected(p.licenceType, p.purchased)]),
  );
  const afterKey = JSON.stringify(after);
  const [wanted, setWanted] = useState<Record<string, number>>(after);
  // The subscription read again after a change: start again from where it now stands.
  useEffect(() => setWanted(JSON.parse(afterKey) as Record<string, number>), [afterKey]);
  const [reason, setReason] = useState<Reason | ''>('');
  const [explanation, setExplanation] = useState('');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteError, setQuoteError] = useState<Error | null>(null);
  const [result, setResult] = useState<Quote | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [kept, setKept] = useState<string | null>(null);
  // A change is from where the type is heading; `set` counts from the quantity in force now,
  // so the target is today's quantity moved by the difference (scheduled removals stand).
  const changes: Record<string, number> = Object.fromEntries(
    paid
      .filter((p) => (wanted[p.licenceType] ?? after[p.licenceType]) !== after[p.licenceType])
      .map((p) => [
        p.licenceType,
        p.purchased + (wanted[p.licenceType] ?? 0) - (after[p.licenceType] ?? 0),
      ]),
  );
  const changesKey = JSON.stringify(changes);
  const decreasing = paid.some(
    (p) => (wanted[p.licenceType] ?? after[p.licenceType] ?? 0) < (after[p.licenceType] ?? 0),
  );
  const explanationRequired = subscription.plan['removalExplanationRequired'] === true;
  const changed = Object.keys(changes).length > 0;

  // The preview carries the reason and explanation too: what the write will still need is
  // said beside it, and goes as soon as it is given (12).
  const because = decreasing
    ? { ...(reason ? { reason } : {}), ...(explanation.trim() ? { explanation } : {}) }
    : {};
  const becauseKey = JSON.stringify(because);
  useEffect(() => {
    // Any change of the inputs makes an earlier refusal stale.
    setError(null);
    if (!changed) {
      setQuote(null);
      setQuoteError(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/licence-changes', {
          params: { path: { subscriptionId: subscription.id }, query: { preview: 'true' } },
          body: {
            op: 'set',
            seats: JSON.parse(changesKey) as Record<string, number>,
            ...(JSON.parse(becauseKey) as { reason?: Reason; explanation?: string }),
          },
        }),
      ).then(
        (preview) => live && (setQuote(preview), setQuoteError(null)),
        (caught: unknown) => live && (setQuote(null), setQuoteError(caught as Error)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [changesKey, becauseKey, changed, subscription.id]);
  const needs = quote?.writeNeeds ?? [];
  // On a plan whose vendor approves removals, this one goes as a request (12).
  const vendorOnly =
    needs.some((need) => need.field === 'vendorApproval') &&
    needs.every((need) => need.field === 'vendorApproval');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const applied = await unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/licence-changes', {
          params: { path: { subscriptionId: subscription.id } },
          body: {
            op: 'set',
            seats: changes,
            ...(decreasing && reason ? { reason } : {}),
            ...(decreasing && explanation ? { explanation } : {}),
          },
        }),
      );
      setResult(applied);
      setQuote(null);
      onDone();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  const term = subscription.term;
  return (
    <form onSubmit={(e) => void submit(e)} className="adjust" aria-label="Licence adjustment">
      {term?.renewalWindowOpen && !term.renewed ? (
        <p className="notice warning">
          The renewal window is open until {date(term.endsAt)}. Licences cannot be bought until the
          term is renewed; removals take effect at renewal.{' '}
          <a href={`#/subscription/${subscription.id}`}>Renew now</a>
        </p>
      ) : null}
      <ScheduledRemovals
        subscription={subscription}
        onKept={(message) => (setResult(null), setKept(message), onDone())}
      />
      {kept ? (
        <p className="notice success" role="status">
          {kept}
        </p>
      ) : null}
      {step > 1 ? <p className="muted">Licences are sold in blocks of {step}.</p> : null}
      <div className="steppers">
        {paid.map((pool) => (
          <LicenceStepper
            key={pool.licenceType}
            pool={pool}
            step={step}
            value={wanted[pool.licenceType] ?? pool.purchased}
            after={after[pool.licenceType] ?? pool.purchased}
            onChange={(next) => {
              setResult(null);
              setKept(null);
              setWanted({ ...wanted, [pool.licenceType]: next });
            }}
          />
        ))}
      </div>
      {decreasing ? (
        <RemovalReason
          reason={reason}
          onReason={setReason}
          explanation={explanation}
          onExplanation={setExplanation}
          explanationRequired={explanationRequired}
        />
      ) : null}
      {quote ? <QuoteSummary quote={quote} /> : null}
      {needs.length > 0 ? (
        <div className="notice" role="note" aria-label="Still needed">
          <p>Before you submit:</p>
          <ul>
            {needs.map((need) => (
              <li key={need.field}>{need.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {vendorOnly ? (
        <SendForApproval
          subscriptionId={subscription.id}
          seats={changes}
          reason={reason}
          explanation={explanation}
          onSent={onDone}
        />
      ) : null}
      {quoteError ? <ErrorNotice error={quoteError} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <button
        type="submit"
        className="primary"
        disabled={!changed || busy || quote?.outcome === 'rejected' || needs.length > 0}
      >
        {busy ? 'Submitting…' : 'Submit adjustment'}
      </button>
      {result ? (
        <div className="notice success" role="status">
          <p>
            <strong>Done.</strong>{' '}
            {result.outcome === 'scheduled' && result.effective
              ? `Your change takes effect on ${date(result.effective)}.`
              : 'Your licences have been changed.'}{' '}
            {result.confirmationSentTo?.length
              ? `A confirmation e-mail is on its way to ${result.confirmationSentTo.join(' and ')}.`
              : 'No confirmation e-mail was sent: nobody is set to receive one.'}
          </p>
          <QuoteSummary quote={result} title="What was charged" />
        </div>
      ) : null}
    </form>
  );
}
