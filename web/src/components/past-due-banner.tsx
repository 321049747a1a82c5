import { useEffect } from 'react';
import { api, unwrap } from '../api/client';
import { useLoad } from '../use-load';

/** Dispatched on window when a payment or purchase may have changed what is past due. */
export const BILLING_CHANGED = 'seatledger:billing-changed';

/**
 * While an invoice is past due, every page says so (10), and when purchases are blocked
 * until it is paid. Members who may not see billing see nothing here.
 */
export function PastDueBanner() {
  const subscriptions = useLoad(() => unwrap(api.GET('/v1/subscriptions')), []);
  const { reload } = subscriptions;
  useEffect(() => {
    window.addEventListener(BILLING_CHANGED, reload);
    return () => window.removeEventListener(BILLING_CHANGED, reload);
  }, [reload]);
  const list = subscriptions.data ?? [];
  if (!list.some((subscription) => subscription.pastDue)) return null;
  const blocked = list.some((subscription) => subscription.purchasesBlocked);
  return (
    <div className="notice warning banner" role="status">
      <p>
        An invoice is past due. {blocked ? 'Nothing more can be bought until it is paid. ' : ''}
        <a href="#/invoices">Pay it under Invoices</a>, or <a href="#/cards">update the card</a>.
      </p>
    </div>
  );
}
