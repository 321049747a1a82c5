import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { PaymentMethod } from '../api/types';
import { Done, Empty, ErrorNotice, Loaded } from '../components/states';
import { useLoad } from '../use-load';

/**
 * Cards on file (10): the list, the default, and a form to add one. In test mode the card
 * details go to the test gateway's tokenisation; Seatledger keeps the brand, the last four
 * digits and the expiry, never the number.
 */
export function CardsPage() {
  const cards = useLoad(() => unwrap(api.GET('/v1/payment-methods')), []);
  return (
    <>
      <h1>Cards</h1>
      <p className="muted">
        Invoices of plans paid by card, and licences bought on them, are charged to the default
        card.
      </p>
      <section aria-labelledby="cards-title">
        <h2 id="cards-title">Cards on file</h2>
        <Loaded load={cards}>
          {(list) =>
            list.data.length === 0 ? (
              <Empty>No card on file.</Empty>
            ) : (
              <ul className="cards">
                {list.data.map((card) => (
                  <CardRow key={card.id} card={card} onChanged={cards.reload} />
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      <AddCard onAdded={cards.reload} />
    </>
  );
}

function CardRow({ card, onChanged }: { card: PaymentMethod; onChanged: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const change = async (body: { makeDefault: true } | { remove: true }) => {
    setError(null);
    try {
      await unwrap(
        api.PATCH('/v1/payment-methods/{paymentMethodId}', {
          params: { path: { paymentMethodId: card.id } },
          body,
        }),
      );
      onChanged();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const label = `${card.brand} ending ${card.last4}`;
  return (
    <li>
      <span>
        <strong>{label}</strong>, expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
        {card.isDefault ? <span className="tag">default</span> : null}
      </span>
      {card.isDefault ? null : (
        <button type="button" onClick={() => void change({ makeDefault: true })}>
          Make {label} the default
        </button>
      )}
      <button type="button" onClick={() => void change({ remove: true })}>
        Remove {label}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </li>
  );
}

function AddCard({ onAdded }: { onAdded: () => void }) {
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [makeDefault, setMakeDefault] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const [month = '', year = ''] = expiry.split('/').map((part) => part.trim());
    try {
      const token = await unwrap(
        api.POST('/v1/test-gateway/tokens', {
          body: {
            number,
            expMonth: Number(month),
            expYear: year.length === 2 ? 2000 + Number(year) : Number(year),
            cvc,
          },
        }),
      );
      const card = await unwrap(
        api.POST('/v1/payment-methods', { body: { token: token.token, makeDefault } }),
      );
      setDone(
        `${card.brand} ending ${card.last4} added${card.isDefault ? ' as the default' : ''}.`,
      );
      setNumber('');
      setExpiry('');
      setCvc('');
      onAdded();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section className="card" aria-labelledby="add-card-title">
      <h2 id="add-card-title">Add a card</h2>
      <p className="notice">
        Test mode: try 4242 4242 4242 4242 (paid), 4000 0000 0000 0002 (declined) or 4000 0000 0000
        0341 (declined when charged).
      </p>
      <form onSubmit={(e) => void submit(e)} aria-label="Add a card">
        <label htmlFor="card-number">Card number</label>
        <input
          id="card-number"
          inputMode="numeric"
          autoComplete="cc-number"
          required
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
        <div className="grid">
          <div>
            <label htmlFor="card-expiry">Expiry (MM/YY)</label>
            <input
              id="card-expiry"
              autoComplete="cc-exp"
              required
              placeholder="12/30"
              value={expiry}
              onChange={(e) => setExpiry(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="card-cvc">CVC</label>
            <input
              id="card-cvc"
              inputMode="numeric"
              autoComplete="cc-csc"
              required
              value={cvc}
              onChange={(e) => setCvc(e.target.value)}
            />
          </div>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={makeDefault}
            onChange={(e) => setMakeDefault(e.target.checked)}
          />
          Make it the default card
        </label>
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="primary">
          Add card
        </button>
        <Done message={done} />
      </form>
    </section>
  );
}
