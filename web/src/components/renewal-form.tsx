import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Quote, Subscription } from '../api/types';
import { useSession } from '../session';
import { QuoteSummary } from './quote-summary';
import { ErrorNotice } from './states';

/** A plan on sale as GET /v1/plans gives it: what the renewal form needs of it. */
export interface PlanOnSale {
  readonly id: string;
  readonly name: string;
  readonly definition: {
    readonly blockSize?: number;
    readonly licenceTypes?: Record<string, { unitAmount: number; unlimited?: boolean }>;
  };
}

export function Renewal({
  subscription,
  plans,
  onDone,
}: {
  subscription: Subscription;
  plans: readonly PlanOnSale[];
  onDone: () => void;
}) {
  const { date, money } = useSession();
  const term = subscription.term;
  const [plan, setPlan] = useState<string>(subscription.planId ?? '');
  const [seats, setSeats] = useState<Record<string, number>>({});
  const [preview, setPreview] = useState<Quote | null>(null);
  const [done, setDone] = useState<Quote | null>(null);
  const [error, setError] = useState<Error | null>(null);
  if (!term) return null;
  const chosen = plans.find((candidate) => candidate.id === plan)?.definition;
  const step = chosen?.blockSize ?? 1;
  const types = Object.entries(chosen?.licenceTypes ?? {}).filter(([, type]) => !type.unlimited);
  // By default the next term keeps the quantities in force at term end.
  const quantity = (key: string): number =>
    seats[key] ??
    subscription.pools.find((pool) => pool.licenceType === key)?.purchasedAfterScheduled ??
    0;
  const body = {
    ...(plan && plan !== subscription.planId ? { plan } : {}),
    seats: Object.fromEntries(types.map(([key]) => [key, quantity(key)])),
  };
  const run = async (apply: boolean) => {
    setError(null);
    try {
      const result = await unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/renewal', {
          params: {
            path: { subscriptionId: subscription.id },
            query: { preview: apply ? 'false' : 'true' },
          },
          body,
        }),
      );
      if (apply) {
        setDone(result);
        setPreview(null);
        onDone();
      } else setPreview(result);
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section className="card" aria-labelledby="renewal-title">
      <h2 id="renewal-title">Renewal</h2>
      {term.renewed ? (
        <p>The next term is renewed and paid; it starts on {date(term.endsAt)}.</p>
      ) : term.renewalWindowOpen ? (
        <>
          <p>
            The renewal window is open until {date(term.endsAt)}. This is when the package can
            change and licences can be removed.
          </p>
          <label htmlFor="renewal-plan">Package for the next term</label>
          <select
            id="renewal-plan"
            value={plan}
            onChange={(e) => (setPlan(e.target.value), setSeats({}), setPreview(null))}
          >
            {subscription.planId ? null : <option value="">Keep the current plan</option>}
            {plans.map(({ id, name }) => (
              <option key={id} value={id}>
                {name}
                {id === subscription.planId ? ' (current)' : ''}
              </option>
            ))}
          </select>
          {types.length > 0 ? (
            <fieldset>
              <legend>Licences for the next term{step > 1 ? ` (blocks of ${step})` : ''}</legend>
              {types.map(([key, type]) => (
                <div key={key} className="field-row">
                  <label htmlFor={`renew-${key}`}>
                    {key} <span className="muted small">· {money(type.unitAmount)} each</span>
                  </label>
                  <input
                    id={`renew-${key}`}
                    className="narrow"
                    type="number"
                    min={0}
                    step={step}
                    value={quantity(key)}
                    onChange={(e) => {
                      setSeats({
                        ...seats,
                        [key]: Math.max(0, Number.parseInt(e.target.value || '0', 10) || 0),
                      });
                      setPreview(null);
                    }}
                  />
                </div>
              ))}
            </fieldset>
          ) : null}
          {types.length > 0 ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Terms compared">
              <table>
                <caption>This term and the next, per licence type and per period</caption>
                <thead>
                  <tr>
                    <th scope="col">Licence</th>
                    <th scope="col">This term</th>
                    <th scope="col">Next term</th>
                  </tr>
                </thead>
                <tbody>
                  {types.map(([key, type]) => {
                    const now = subscription.pools.find((pool) => pool.licenceType === key);
                    return (
                      <tr key={key}>
                        <th scope="row">{key}</th>
                        <td>
                          {now
                            ? `${now.purchased} × ${money(now.unitAmount)} = ${money(now.purchased * now.unitAmount)}`
                            : 'not held'}
                        </td>
                        <td>
                          {`${quantity(key)} × ${money(type.unitAmount)} = ${money(quantity(key) * type.unitAmount)}`}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
          <div className="actions">
            <button type="button" onClick={() => void run(false)}>
              Preview renewal
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview || preview.outcome === 'rejected'}
              onClick={() => void run(true)}
            >
              Renew now
            </button>
          </div>
        </>
      ) : (
        <p>Renewal opens on {date(term.renewalWindowOpensAt)}.</p>
      )}
      {preview ? <QuoteSummary quote={preview} title="Renewal preview" /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {done ? (
        <div className="notice success" role="status">
          Renewed. The new term starts on {done.effective ? date(done.effective) : 'term end'}.
        </div>
      ) : null}
    </section>
  );
}
