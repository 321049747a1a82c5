import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { unwrap } from '../api/client';
import type { Quote } from '../api/types';
import { ErrorNotice, Loaded } from '../components/states';
import { formatMoney } from '../format';
import { useOperator } from './operator-client';

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly currencyExponent: number;
}

/**
 * Acting for a customer (12): the operator key with the customer's organisation named
 * (`Seatledger-Organization`), on the customer's own routes. A licence change is previewed,
 * then made; the customer's audit log names the vendor as who made it.
 */
export function ActingFor(props: { customer: Customer; onClose: () => void }) {
  const operator = useOperator();
  const queries = useQueryClient();
  const { customer } = props;
  const headers = { 'seatledger-organization': customer.id };
  const subscriptions = useQuery({
    queryKey: ['operator', 'acting', customer.id, 'subscriptions'],
    queryFn: () => unwrap(operator.GET('/v1/subscriptions', { headers })),
  });
  const [subscriptionId, setSubscriptionId] = useState('');
  const [type, setType] = useState('');
  const [op, setOp] = useState<'add' | 'remove'>('add');
  const [quantity, setQuantity] = useState(1);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const money = (amount: number) =>
    formatMoney(amount, customer.currency, customer.currencyExponent);
  const list = subscriptions.data ?? [];
  const chosen = list.find((s) => s.id === subscriptionId) ?? list[0];
  const licence = type || chosen?.pools.find((p) => !p.unlimited)?.licenceType || '';
  const change = (preview: boolean) =>
    unwrap(
      operator.POST('/v1/subscriptions/{subscriptionId}/licence-changes', {
        headers,
        params: {
          path: { subscriptionId: chosen?.id ?? '' },
          query: { preview: preview ? 'true' : 'false' },
        },
        body: {
          op,
          seats: { [licence]: quantity },
          ...(op === 'remove'
            ? { reason: 'other' as const, explanation: 'Made by the vendor' }
            : {}),
        },
      }),
    );
  const previewIt = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      setQuote(await change(true));
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const confirm = async () => {
    setError(null);
    try {
      const made = await change(false);
      setQuote(null);
      setDone(
        `Done for ${customer.name}: ${op === 'add' ? 'added' : 'removed'} ${quantity} ${licence} (${made.outcome}); their audit log names the vendor.`,
      );
      void queries.invalidateQueries({ queryKey: ['operator'] });
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section className="card" aria-labelledby="acting-title">
      <h2 id="acting-title">Acting for {customer.name}</h2>
      <p className="notice warning" role="note">
        What you do here is done for {customer.name} and recorded in their audit log as the vendor.{' '}
        <button type="button" className="link" onClick={props.onClose}>
          Stop acting for them
        </button>
      </p>
      <Loaded load={subscriptions}>
        {(subs) => (
          <ul aria-label="Their subscriptions">
            {subs.map((s) => (
              <li key={s.id}>
                {s.planId ?? 'custom'}:{' '}
                {s.pools
                  .map((p) => `${p.purchased} ${p.licenceType} (${p.assigned} assigned)`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form onSubmit={(e) => void previewIt(e)} aria-label={`Change licences for ${customer.name}`}>
        {list.length > 1 ? (
          <>
            <label htmlFor="act-sub">Subscription</label>
            <select
              id="act-sub"
              value={chosen?.id ?? ''}
              onChange={(e) => setSubscriptionId(e.target.value)}
            >
              {list.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label htmlFor="act-op">Change</label>
        <select id="act-op" value={op} onChange={(e) => setOp(e.target.value as 'add' | 'remove')}>
          <option value="add">Add</option>
          <option value="remove">Remove</option>
        </select>
        <label htmlFor="act-type">Licence</label>
        <select id="act-type" value={licence} onChange={(e) => setType(e.target.value)}>
          {(chosen?.pools ?? [])
            .filter((p) => !p.unlimited)
            .map((p) => (
              <option key={p.licenceType} value={p.licenceType}>
                {p.licenceType}
              </option>
            ))}
        </select>
        <label htmlFor="act-qty">How many</label>
        <input
          id="act-qty"
          type="number"
          min={1}
          value={quantity}
          onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
        />
        <button type="submit">Preview</button>
      </form>
      {quote ? (
        <div role="region" aria-label="What it costs the customer">
          <p>
            {quote.rejection
              ? `Not allowed: ${quote.rejection.message}`
              : `${quote.outcome}: ${money(quote.chargedNow)} charged now, ${money(quote.onNextInvoice)} on the next invoice, ${money(quote.credited)} credited.`}
          </p>
          {quote.rejection ? null : (
            <button type="button" className="primary" onClick={() => void confirm()}>
              Make this change for {customer.name}
            </button>
          )}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {done ? (
        <p className="notice success" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}
