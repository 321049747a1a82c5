import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Quote, Subscription } from '../api/types';
import { ClinicPicker } from '../components/clinic-picker';
import { QuoteSummary } from '../components/quote-summary';
import { Empty, ErrorNotice, Loaded } from '../components/states';
import { useSession } from '../session';
import { useLoad } from '../use-load';

/** The plan, prices locked for the term, term dates, the renewal window, and renewal (004). */
export function SubscriptionPage({ subscriptionId }: { subscriptionId: string | null }) {
  const subscriptions = useLoad(() => unwrap(api.GET('/v1/subscriptions')), []);
  const plans = useLoad(() => unwrap(api.GET('/v1/plans')), []);
  return (
    <>
      <h1>Subscription</h1>
      <Loaded load={subscriptions}>
        {(list) => {
          const chosen = list.find((s) => s.id === subscriptionId) ?? list[0];
          if (!chosen) return <Empty>No subscription.</Empty>;
          return (
            <>
              <ClinicPicker subscriptions={list} chosen={chosen} page="subscription" />
              <PlanDetails subscription={chosen} />
              {chosen.term ? (
                <Renewal
                  key={chosen.id}
                  subscription={chosen}
                  plans={plans.data ?? []}
                  onDone={subscriptions.reload}
                />
              ) : null}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function describeIncrease(charge: unknown): string {
  if (charge === 'full')
    return 'Added licences are charged the full price for the period, not prorated.';
  if (charge === 'none') return 'Added licences are billed from the next period.';
  return 'Added licences are prorated by day for the rest of the period.';
}

function describeDecrease(decrease: {
  effective?: unknown;
  credit?: unknown;
  cutoffHours?: unknown;
}): string {
  if (decrease.effective === 'renewal')
    return 'Licences can be removed only in the renewal window; removals take effect at renewal.';
  if (decrease.effective === 'period_end') {
    const cutoff = Number(decrease.cutoffHours ?? 0);
    return `Removals take effect at the end of the period${cutoff ? `; ask at least ${cutoff} hours before it ends` : ''}.`;
  }
  return decrease.credit === 'prorated'
    ? 'Removals take effect at once, with a prorated credit.'
    : 'Removals take effect at once, without credit.';
}

function PlanDetails({ subscription }: { subscription: Subscription }) {
  const { money, date } = useSession();
  const plan = subscription.plan as Subscription['plan'] & {
    intervalCount?: number;
    increase?: unknown;
    decrease?: { effective?: unknown; credit?: unknown; cutoffHours?: unknown };
    invoiceChanges?: unknown;
  };
  const term = subscription.term;
  const every = `${plan.intervalCount && plan.intervalCount > 1 ? `${plan.intervalCount} ` : ''}${String(plan.interval)}${plan.intervalCount && plan.intervalCount > 1 ? 's' : ''}`;
  return (
    <section className="card" aria-labelledby="plan-title">
      <h2 id="plan-title">Package: {subscription.planId ?? 'custom plan'}</h2>
      <p>
        Billed every {every} in {subscription.currency}, in advance.{' '}
        {describeIncrease(plan.increase)} {describeDecrease(plan.decrease ?? {})}{' '}
        {plan.invoiceChanges === 'immediately'
          ? 'Changes are invoiced at once.'
          : 'Changes go on the next invoice.'}
      </p>
      <div className="table-wrap">
        <table>
          <caption>Price per licence{term ? ', locked for the term' : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Licence</th>
              <th scope="col" className="num">
                Price a period
              </th>
              <th scope="col" className="num">
                Purchased
              </th>
            </tr>
          </thead>
          <tbody>
            {subscription.pools.map((pool) => (
              <tr key={pool.licenceType}>
                <th scope="row">{pool.licenceType}</th>
                <td className="num">{pool.unlimited ? 'free' : money(pool.unitAmount)}</td>
                <td className="num">{pool.unlimited ? 'unlimited' : pool.purchased}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {term ? (
        <dl className="facts">
          <div>
            <dt>Term ends</dt>
            <dd>{date(term.endsAt)}</dd>
          </div>
          <div>
            <dt>Renewal window</dt>
            <dd>
              {date(term.renewalWindowOpensAt)} to {date(term.endsAt)}:{' '}
              <strong>
                {term.renewed ? 'renewed' : term.renewalWindowOpen ? 'open now' : 'not open yet'}
              </strong>
            </dd>
          </div>
          <div>
            <dt>At term end</dt>
            <dd>
              {term.renewed
                ? 'The renewed term starts'
                : term.autoRenew
                  ? 'Renews automatically'
                  : 'Ends unless renewed'}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">No fixed term: the subscription renews every period.</p>
      )}
      <p className="muted small">Started {date(subscription.startedAt)}.</p>
    </section>
  );
}

/** A plan on sale as GET /v1/plans gives it: what the renewal form needs of it. */
interface PlanOnSale {
  readonly id: string;
  readonly name: string;
  readonly definition: {
    readonly blockSize?: number;
    readonly licenceTypes?: Record<string, { unitAmount: number; unlimited?: boolean }>;
  };
}

function Renewal({
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
