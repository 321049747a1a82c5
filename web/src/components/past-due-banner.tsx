import { useSubscriptions } from '../queries/subscriptions';
import { useSession } from '../session';

/**
 * While an invoice is past due, every page says so (10), and when purchases are blocked
 * until it is paid. Members who may not see billing see nothing here.
 */
export function PastDueBanner() {
  // The subscriptions every billing page reads: a payment or purchase refreshes them.
  const subscriptions = useSubscriptions(useSession().can('billing:read'));
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
