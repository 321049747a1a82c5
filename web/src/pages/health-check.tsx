import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { HealthCheck } from '../api/types';
import { Empty, ErrorNotice, Loaded } from '../components/states';
import { plural } from '../format';
import { useSession } from '../session';
import { Requires } from '../components/requires';
import { useRefresh } from '../queries/query-client';
import { useHealthCheck } from '../queries/subscriptions';

type Clinic = HealthCheck['subscriptions'][number];

/** Unused licences per clinic and type, their cost, the removal deadline, and one release action (002). */
export function HealthCheckPage() {
  const check = useHealthCheck();
  const refresh = useRefresh();
  const { money } = useSession();
  return (
    <>
      <h1>Health check: unused licences</h1>
      <Loaded load={check}>
        {(data) => (
          <>
            <p className="lead">
              Unused licences cost <strong>{money(data.unusedCostPerPeriod)}</strong> a period.
            </p>
            {data.subscriptions.length === 0 ? <Empty>No active subscription.</Empty> : null}
            {data.subscriptions.map((clinic) => (
              <ClinicHealth
                key={clinic.subscriptionId}
                clinic={clinic}
                onReleased={() => refresh()}
              />
            ))}
          </>
        )}
      </Loaded>
    </>
  );
}

function ClinicHealth({ clinic, onReleased }: { clinic: Clinic; onReleased: () => void }) {
  const { money, dateTime, organization } = useSession();
  const [counts, setCounts] = useState<Record<string, number>>(() =>
    // What the server proposes: unused after scheduled removals, in whole blocks (002).
    Object.fromEntries(clinic.unused.map((u) => [u.licenceType, u.proposedRemoval])),
  );
  const [reason, setReason] = useState('unused');
  const [explanation, setExplanation] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const seats = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  const total = Object.values(seats).reduce((a, b) => a + b, 0);
  const title = clinic.locationName ?? organization.name;
  const release = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const result = await unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/licence-changes', {
          params: { path: { subscriptionId: clinic.subscriptionId } },
          body: {
            op: 'remove',
            seats,
            reason: reason as 'unused',
            ...(explanation ? { explanation } : {}),
          },
        }),
      );
      setDone(
        `${plural(total, 'licence')} released${result.outcome === 'scheduled' && result.effective ? `, effective ${dateTime(result.effective)}` : ''}.`,
      );
      onReleased();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const headingId = `health-${clinic.subscriptionId}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {clinic.removalDeadline ? (
        <p>
          Remove unused licences by <strong>{dateTime(clinic.removalDeadline.until)}</strong>
          {clinic.removalDeadline.from ? ` (from ${dateTime(clinic.removalDeadline.from)})` : ''} to
          avoid paying for them next cycle.
        </p>
      ) : null}
      {clinic.unused.length === 0 ? (
        <Empty>Every licence here is assigned.</Empty>
      ) : (
        <form onSubmit={(e) => void release(e)} aria-label={`Release unused licences at ${title}`}>
          <div
            className="table-wrap"
            tabIndex={0}
            role="region"
            aria-label="Unused licences, scrolls sideways"
          >
            <table>
              <caption className="visually-hidden">Unused licences at {title}</caption>
              <thead>
                <tr>
                  <th scope="col">Licence</th>
                  <th scope="col" className="num">
                    Purchased
                  </th>
                  <th scope="col" className="num">
                    Assigned
                  </th>
                  <th scope="col" className="num">
                    Unused
                  </th>
                  <th scope="col" className="num">
                    Cost a period
                  </th>
                  <th scope="col">Release</th>
                </tr>
              </thead>
              <tbody>
                {clinic.unused.map((row) => (
                  <tr key={row.licenceType}>
                    <th scope="row">
                      {row.licenceType}
                      {row.note ? <span className="muted small"> · {row.note}</span> : null}
                    </th>
                    <td className="num">{row.purchased}</td>
                    <td className="num">{row.assigned}</td>
                    <td className="num">{row.unused}</td>
                    <td className="num">{money(row.costPerPeriod)}</td>
                    <td>
                      <label
                        className="visually-hidden"
                        htmlFor={`release-${clinic.subscriptionId}-${row.licenceType}`}
                      >
                        {row.licenceType} licences to release
                      </label>
                      <input
                        id={`release-${clinic.subscriptionId}-${row.licenceType}`}
                        type="number"
                        min={0}
                        max={row.unused}
                        value={counts[row.licenceType] ?? 0}
                        onChange={(e) =>
                          setCounts({
                            ...counts,
                            [row.licenceType]: Math.min(
                              row.unused,
                              Math.max(0, Number(e.target.value) || 0),
                            ),
                          })
                        }
                        className="narrow"
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="grid">
            <div>
              <label htmlFor={`reason-${clinic.subscriptionId}`}>Reason</label>
              <select
                id={`reason-${clinic.subscriptionId}`}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              >
                <option value="unused">Licences not in use</option>
                <option value="staff_left">Staff member left</option>
                <option value="licence_share">Licence share ended</option>
                <option value="cost">Reducing cost</option>
                <option value="other">Other</option>
              </select>
            </div>
            <div>
              <label htmlFor={`explain-${clinic.subscriptionId}`}>Please explain</label>
              <input
                id={`explain-${clinic.subscriptionId}`}
                required
                value={explanation}
                onChange={(e) => setExplanation(e.target.value)}
              />
            </div>
          </div>
          {error ? <ErrorNotice error={error} /> : null}
          <Requires scope="licences:manage" to="release unused licences">
            <button type="submit" className="primary" disabled={total === 0}>
              Release {plural(total, 'licence')}
            </button>
          </Requires>
        </form>
      )}
      {/* Outside the form: once released, the pool is re-read and the form may give way to
          "Every licence here is assigned"; the confirmation stays. */}
      {done ? (
        <p className="notice success" role="status">
          {done}
        </p>
      ) : null}
      {clinic.inactiveHolders.length > 0 ? (
        <div className="notice warning">
          <p>Inactive staff still holding a billed licence:</p>
          <ul>
            {clinic.inactiveHolders.map((holder) => (
              <li key={`${holder.staffId}-${holder.licenceType}`}>
                <a href={`#/staff/${holder.staffId}`}>{holder.name}</a> ({holder.licenceType})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
