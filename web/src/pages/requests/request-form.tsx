import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { PoolSet } from '../../api/types';
import { RemovalReason, type Reason } from '../../components/removal-reason';
import { Done, ErrorNotice } from '../../components/states';
import { useSession } from '../../session';

type Ask = 'licence' | 'add' | 'remove';

/** Ask for a licence for oneself, or for licences to be added or removed (001: "requested"). */
export function RequestForm(props: { pools: readonly PoolSet[]; onAsked: () => void }) {
  const { locationName } = useSession();
  const active = props.pools.filter((p) => p.status === 'active');
  const [ask, setAsk] = useState<Ask>('licence');
  const [subscriptionId, setSubscriptionId] = useState(active[0]?.subscriptionId ?? '');
  const chosen = active.find((p) => p.subscriptionId === subscriptionId) ?? active[0];
  const types = (chosen?.pools ?? []).filter((p) => ask === 'licence' || !p.unlimited);
  const [licenceType, setLicenceType] = useState('');
  const type = types.find((t) => t.licenceType === licenceType) ?? types[0];
  const step = chosen?.blockSize ?? 1;
  const [quantity, setQuantity] = useState(step);
  const [reason, setReason] = useState<Reason | ''>('');
  const [explanation, setExplanation] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !type) return;
    setError(null);
    setDone(null);
    try {
      const asked = await unwrap(
        api.POST('/v1/licence-requests', {
          body:
            ask === 'licence'
              ? { kind: 'licence', licenceType: type.licenceType, explanation }
              : {
                  kind: 'adjustment',
                  subscriptionId: chosen.subscriptionId,
                  op: ask,
                  seats: { [type.licenceType]: quantity },
                  ...(ask === 'remove' && reason ? { reason } : {}),
                  ...(explanation ? { explanation } : {}),
                },
        }),
      );
      setDone(`Your request to ${asked.summary} is waiting for a licence manager.`);
      setExplanation('');
      props.onAsked();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="ask-title">
      <h2 id="ask-title">Ask for licences</h2>
      <div className="grid">
        <div>
          <label htmlFor="ask-what">What do you need?</label>
          <select id="ask-what" value={ask} onChange={(e) => setAsk(e.target.value as Ask)}>
            <option value="licence">A licence for me</option>
            <option value="add">More licences</option>
            <option value="remove">Fewer licences</option>
          </select>
        </div>
        {ask !== 'licence' && active.length > 1 ? (
          <div>
            <label htmlFor="ask-clinic">Clinic</label>
            <select
              id="ask-clinic"
              value={chosen?.subscriptionId ?? ''}
              onChange={(e) => setSubscriptionId(e.target.value)}
            >
              {active.map((p) => (
                <option key={p.subscriptionId} value={p.subscriptionId}>
                  {locationName(p.locationId)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="ask-type">Licence</label>
          <select
            id="ask-type"
            value={type?.licenceType ?? ''}
            onChange={(e) => setLicenceType(e.target.value)}
          >
            {types.map((t) => (
              <option key={t.licenceType} value={t.licenceType}>
                {t.licenceType}
                {t.unlimited ? ' (unlimited)' : ` (${t.available ?? 0} free of ${t.purchased})`}
              </option>
            ))}
          </select>
        </div>
        {ask !== 'licence' ? (
          <div>
            <label htmlFor="ask-quantity">How many</label>
            <input
              id="ask-quantity"
              type="number"
              min={step}
              step={step}
              value={quantity}
              onChange={(e) => setQuantity(Math.max(step, Number(e.target.value) || step))}
            />
          </div>
        ) : null}
      </div>
      {ask === 'remove' ? (
        <RemovalReason
          reason={reason}
          onReason={setReason}
          explanation={explanation}
          onExplanation={setExplanation}
          explanationRequired={false}
        />
      ) : (
        <>
          <label htmlFor="ask-why">Why (optional)</label>
          <input
            id="ask-why"
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
          />
        </>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      <button type="submit" className="primary" disabled={!type}>
        Send request
      </button>
      <Done message={done} />
    </form>
  );
}
