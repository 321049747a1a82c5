import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { LicenceRequest } from '../../api/types';
import { Empty, ErrorNotice } from '../../components/states';
import { useSession } from '../../session';

const STATUS: Record<string, string> = {
  pending: 'waiting',
  awaiting_vendor: 'waiting for the vendor',
  approved: 'approved',
  declined: 'declined',
  withdrawn: 'withdrawn',
};

/** Requests with who asked, what, when, and what became of them; one's own may be withdrawn. */
export function RequestList(props: {
  title: string;
  requests: readonly LicenceRequest[];
  onWithdrawn: () => void;
}) {
  const { dateTime, me } = useSession();
  const [error, setError] = useState<Error | null>(null);
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await unwrap(
        api.POST('/v1/licence-requests/{requestId}/withdrawal', {
          params: { path: { requestId: id } },
        }),
      );
      props.onWithdrawn();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">{props.title}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {props.requests.length === 0 ? (
        <Empty>No requests yet.</Empty>
      ) : (
        <div
          className="table-wrap"
          tabIndex={0}
          role="region"
          aria-label="Requests, scrolls sideways"
        >
          <table>
            <caption className="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">Asked</th>
                <th scope="col">By</th>
                <th scope="col">For</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.requests.map((request) => (
                <tr key={request.id}>
                  <td>{dateTime(request.createdAt)}</td>
                  <td>{request.requesterName}</td>
                  <th scope="row">
                    {request.summary}
                    {request.explanation ? (
                      <div className="muted small">{request.explanation}</div>
                    ) : null}
                  </th>
                  <td>
                    <span className={`status ${request.status}`}>{STATUS[request.status]}</span>
                    {request.decisionNote ? (
                      <div className="muted small">“{request.decisionNote}”</div>
                    ) : null}
                    {request.status === 'pending' && request.requestedBy === me.staff?.id ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => void withdraw(request.id)}
                      >
                        Withdraw
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
