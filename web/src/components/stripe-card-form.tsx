import type { Stripe, StripeCardElement } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { Done, ErrorNotice } from './states';

/**
 * Add a card on Stripe: Stripe's card element (Stripe.js, loaded from js.stripe.com as Stripe
 * requires) takes the details in its own frame and makes a PaymentMethod; only its `pm_...` id
 * reaches `POST /v1/payment-methods`. The card number never touches this page's code.
 */
export function StripeCardForm({
  publishableKey,
  onAdded,
}: {
  publishableKey: string;
  onAdded: () => void;
}) {
  const mount = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<{ stripe: Stripe; card: StripeCardElement } | null>(null);
  const [makeDefault, setMakeDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let card: StripeCardElement | null = null;
    let cancelled = false;
    loadStripe(publishableKey)
      .then((loaded) => {
        if (cancelled || !loaded || !mount.current) return;
        card = loaded.elements().create('card', { hidePostalCode: true });
        card.mount(mount.current);
        setStripe({ stripe: loaded, card });
      })
      .catch(() => {
        setError(new Error('The card form could not be loaded from Stripe: try again later.'));
      });
    return () => {
      cancelled = true;
      card?.destroy();
    };
  }, [publishableKey]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!stripe) return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const made = await stripe.stripe.createPaymentMethod({ type: 'card', card: stripe.card });
      if (made.error) throw new Error(made.error.message ?? 'The card was not accepted');
      const card = await unwrap(
        api.POST('/v1/payment-methods', { body: { token: made.paymentMethod.id, makeDefault } }),
      );
      stripe.card.clear();
      setDone(
        `${card.brand} ending ${card.last4} added${card.isDefault ? ' as the default' : ''}.`,
      );
      onAdded();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-card-title">
      <h2 id="add-card-title">Add a card</h2>
      <form onSubmit={(e) => void submit(e)} aria-label="Add a card">
        <label id="stripe-card-label">Card</label>
        <div ref={mount} className="stripe-card" role="group" aria-labelledby="stripe-card-label" />
        <label className="check">
          <input
            type="checkbox"
            checked={makeDefault}
            onChange={(e) => setMakeDefault(e.target.checked)}
          />
          Make it the default card
        </label>
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="primary" disabled={!stripe || busy}>
          Add card
        </button>
        <Done message={done} />
      </form>
    </section>
  );
}
