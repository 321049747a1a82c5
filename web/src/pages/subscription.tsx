import { Renewal } from '../components/renewal-form';
import type { Subscription } from '../api/types';
import { ClinicPicker } from '../components/clinic-picker';
import { Empty, Loaded } from '../components/states';
import { useSession } from '../session';
import { Requires } from '../components/requires';
import { PoolTable } from '../components/pool-table';
import { CancelSubscription } from '../components/cancel-subscription';
import { useRefresh } from '../queries/query-client';
import { usePlans, useSubscriptions } from '../queries/subscriptions';

/** The plan, prices locked for the term, term dates, the renewal window, and renewal (004). */
export function SubscriptionPage({ subscriptionId }: { subscriptionId: string | null }) {
  const subscriptions = useSubscriptions();
  const plans = usePlans();
  const refresh = useRefresh();
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
                <Requires scope="billing:manage" to="renew the term">
                  <Renewal
                    key={chosen.id}
                    subscription={chosen}
                    plans={plans.data ?? []}
                    onDone={() => refresh()}
                  />
                </Requires>
              ) : null}
              <Requires scope="billing:manage" to="cancel the subscription">
                <CancelSubscription
                  key={`cancel-${chosen.id}`}
                  subscription={chosen}
                  onDone={() => refresh()}
                />
              </Requires>
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
  const { date } = useSession();
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
      <PoolTable
        pools={subscription.pools}
        columns={['price', 'purchased']}
        caption={`Price per licence${term ? ', locked for the term' : ''}`}
        captionVisible
        label="Licence prices, scrolls sideways"
      />
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
