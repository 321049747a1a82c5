import type { HealthCheck, Subscription } from '../api/types';
import { Empty, Loaded } from '../components/states';
import { plural } from '../format';
import { PoolTable } from '../components/pool-table';
import { useSession } from '../session';
import { useRequests } from '../queries/requests';
import { useHealthCheck, useSubscriptions } from '../queries/subscriptions';

type ClinicHealth = HealthCheck['subscriptions'][number];

/** Per clinic: the licence counts, their cost, the next invoice, and what needs attention. */
export function OverviewPage() {
  const { can } = useSession();
  // Prices and licences are for those who may read billing (003): others see their own.
  return can('billing:read') ? <ClinicsOverview /> : <OwnOverview />;
}

/** Someone without billing access: their own licences and permissions, nothing that would 403. */
function OwnOverview() {
  const { me } = useSession();
  const staff = me.staff;
  return (
    <>
      <h1>Overview</h1>
      <section className="card" aria-label="Your access">
        <p>
          Signed in as <strong>{staff?.name ?? 'an API key'}</strong>.
        </p>
        <p>
          Your licences:{' '}
          {staff && staff.licences.length > 0
            ? staff.licences.map((licence) => licence.licenceType).join(', ')
            : 'none'}
          . Your permissions:{' '}
          {staff && staff.permissions.length > 0 ? staff.permissions.join(', ') : 'none'}.
        </p>
        <p className="muted">
          Licences, billing and staff are managed by your organisation&apos;s managers.
        </p>
      </section>
    </>
  );
}

function ClinicsOverview() {
  const subscriptions = useSubscriptions();
  const health = useHealthCheck();
  const requests = useRequests();
  const waiting = (requests.data?.canDecide ? requests.data.data : []).filter(
    (r) => r.status === 'pending',
  ).length;
  return (
    <>
      <h1>Overview</h1>
      {waiting > 0 ? (
        <p className="notice info" role="status">
          {waiting === 1 ? 'One request is' : `${waiting} requests are`} waiting for your decision:{' '}
          <a href="#/requests">see Requests</a>.
        </p>
      ) : null}
      <Loaded load={subscriptions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No subscription yet.</Empty>
          ) : (
            list.map((subscription) => (
              <ClinicCard
                key={subscription.id}
                subscription={subscription}
                health={
                  health.data?.subscriptions.find((s) => s.subscriptionId === subscription.id) ??
                  null
                }
              />
            ))
          )
        }
      </Loaded>
    </>
  );
}

function ClinicCard({
  subscription,
  health,
}: {
  subscription: Subscription;
  health: ClinicHealth | null;
}) {
  const { money, date, dateTime, locationName, organization } = useSession();
  // An exact instant, with the zone it is in: "30 Nov" alone could mean its start or its end (12).
  const instant = (at: string) => `${dateTime(at)} (${organization.timeZone})`;
  const headingId = `clinic-${subscription.id}`;
  const alerts: { tone: 'warning' | 'info'; text: string }[] = [];
  // Unused licences and what they cost come from the health check, priced by the server.
  const deadline = health?.removalDeadline?.until ?? null;
  const effectiveAt = health?.removalEffectiveAt ?? null;
  for (const row of health?.unused ?? []) {
    const when =
      deadline && effectiveAt
        ? `. Remove them before ${instant(deadline)} to stop paying from ${instant(effectiveAt)}; removed later, they are billed for that cycle too`
        : '';
    alerts.push({
      tone: 'warning',
      text: `${plural(row.unused, `unused ${row.licenceType} licence`)}: ${money(row.costPerPeriod)} a period${when}.`,
    });
  }
  const term = subscription.term;
  if (term?.renewalWindowOpen && !term.renewed) {
    alerts.push({
      tone: 'warning',
      text: `The renewal window is open until ${instant(term.endsAt)}: renew before buying more licences${term.autoRenew ? '' : '; licences not renewed expire then'}.`,
    });
  } else if (term && !term.renewed) {
    alerts.push({
      tone: 'info',
      text: `The renewal window opens on ${date(term.renewalWindowOpensAt)}; the term ends on ${date(term.endsAt)}.`,
    });
  }
  for (const change of subscription.scheduled) {
    alerts.push({
      tone: 'info',
      text: `${plural(change.quantity, `${change.licenceType} licence`)} will be removed on ${date(change.effective)}.`,
    });
  }
  if (subscription.status === 'ended')
    alerts.push({ tone: 'warning', text: 'This subscription has ended.' });
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{locationName(subscription.locationId)}</h2>
        <div className="actions">
          <a className="button" href={`#/adjust/${subscription.id}`}>
            Adjust licences
          </a>
          <a className="button secondary" href={`#/subscription/${subscription.id}`}>
            Subscription
          </a>
        </div>
      </div>
      <PoolTable
        pools={subscription.pools}
        columns={['purchased', 'assigned', 'available', 'price', 'cost']}
        caption={`Licences at ${locationName(subscription.locationId)}`}
        label="Licences of the clinic, scrolls sideways"
      />
      <p className="next-invoice">
        {subscription.nextInvoice ? (
          <>
            Next invoice on <strong>{date(subscription.nextInvoice.issuedAt)}</strong>:{' '}
            <strong>{money(subscription.nextInvoice.total)}</strong>
          </>
        ) : (
          'No invoice is coming.'
        )}
      </p>
      {alerts.length > 0 ? (
        <ul className="alerts" aria-label="Needs attention">
          {alerts.map((alert, i) => (
            <li key={i} className={`notice ${alert.tone}`}>
              {alert.text}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
