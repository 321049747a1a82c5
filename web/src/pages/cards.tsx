import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { PaymentMethod } from '../api/types';
import { StripeCardForm } from '../components/stripe-card-form';
import { TestCardForm } from '../components/test-card-form';
import { Empty, ErrorNotice, Loaded } from '../components/states';
import { usePaymentConfig, usePaymentMethods } from '../queries/payments';
import { useRefresh } from '../queries/query-client';

/**
 * Cards on file (10): the list, the default, and a form to add one: the test gateway's, or
 * Stripe's card element when cards go to Stripe. Either way the card details go to the
 * gateway, never to Seatledger, which keeps the brand, the last four digits and the expiry.
 */
export function CardsPage() {
  const cards = usePaymentMethods();
  const config = usePaymentConfig();
  const refresh = useRefresh();
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
                  <CardRow
                    key={card.id}
                    card={card}
                    onChanged={() => refresh('payment-methods', 'subscriptions')}
                  />
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      <Loaded load={config}>
        {(taken) =>
          taken.gateway === 'stripe' && taken.publishableKey ? (
            <StripeCardForm
              publishableKey={taken.publishableKey}
              onAdded={() => refresh('payment-methods', 'subscriptions')}
            />
          ) : (
            <TestCardForm onAdded={() => refresh('payment-methods', 'subscriptions')} />
          )
        }
      </Loaded>
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
