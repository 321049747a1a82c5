import type { Subscription } from '../api/types';
import { chartedTypes } from '../charted-types';
import { BarChart, LineChart, type Series } from '../components/charts';
import { Empty, Loaded } from '../components/states';
import { useSession } from '../session';
import { useSubscriptionHistory, useSubscriptions } from '../queries/subscriptions';

/** Licences purchased and assigned over time per type, and spend per month, per clinic. */
export function ChartsPage() {
  const subscriptions = useSubscriptions();
  return (
    <>
      <h1>Charts</h1>
      <Loaded load={subscriptions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No subscription yet.</Empty>
          ) : (
            list.map((s) => <ClinicCharts key={s.id} subscription={s} />)
          )
        }
      </Loaded>
    </>
  );
}

function ClinicCharts({ subscription }: { subscription: Subscription }) {
  const { money, locationName } = useSession();
  const history = useSubscriptionHistory(subscription.id);
  const headingId = `charts-${subscription.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{locationName(subscription.locationId)}</h2>
      <Loaded load={history}>
        {(data) => {
          const labels = data.months.map((m) => m.month);
          const types = chartedTypes(
            subscription.pools.filter((p) => !p.unlimited).map((p) => p.licenceType),
            data.months,
          );
          const series: Series[] = types.flatMap((type, i) => [
            {
              label: `${type} purchased`,
              values: data.months.map((m) => m.purchased[type] ?? 0),
              colour: i,
            },
            {
              label: `${type} assigned`,
              values: data.months.map((m) => m.assigned[type] ?? 0),
              colour: i,
              dashed: true,
            },
          ]);
          return (
            <div className="charts">
              <LineChart
                labels={labels}
                series={series}
                title="Licences purchased and assigned, at the start of each month"
              />
              <BarChart
                labels={labels}
                values={data.months.map((m) => m.spend)}
                title="Spend per month"
                format={money}
              />
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
