import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { Done, ErrorNotice } from './states';

/**
 * Add a card in test mode: the details go to the test gateway's tokenisation endpoint (as to a
 * card processor's), and only its single-use token reaches `POST /v1/payment-methods`.
 */
export function TestCardForm({ onAdded }: { onAdded: () => void }) {
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
