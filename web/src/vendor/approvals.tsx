import { useState } from 'react';
import { unwrap } from '../api/client';
import { Empty, ErrorNotice, Loaded } from '../components/states';
import { useQueryClient } from '@tanstack/react-query';
import { useVendorQueue } from '../queries/operator';
import { useOperator } from './operator-client';

/** The vendor's approval queue (12): removals customers approved, waiting for the vendor. */
export function Approvals() {
  const operator = useOperator();
  const queue = useVendorQueue();
  const client = useQueryClient();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | null>(null);
  const decide = async (id: string, how: 'approval' | 'decline') => {
    setError(null);
    const body = notes[id]?.trim() ? { note: notes[id].trim() } : {};
    try {
      await unwrap(
        how === 'approval'
          ? operator.POST('/v1/operator/licence-requests/{requestId}/approval', {
              params: { path: { requestId: id } },
              body,
            })
          : operator.POST('/v1/operator/licence-requests/{requestId}/decline', {
              params: { path: { requestId: id } },
              body,
            }),
      );
      // The customer's subscription changed too: the customers' figures are read again.
      void client.invalidateQueries({ queryKey: ['operator'] });
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section aria-labelledby="approvals-title">
      <h2 id="approvals-title">Removals waiting for your approval</h2>
      {error ? <ErrorNotice error={error} /> : null}
      <Loaded load={queue}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty>Nothing is waiting.</Empty>
          ) : (
            data.map((request) => (
              <article key={request.id} className="card" aria-labelledby={`vendor-${request.id}`}>
                <h3 id={`vendor-${request.id}`}>
                  {request.organizationName}: {request.summary}
                </h3>
                <p className="muted small">
                  Asked by {request.requesterName} on {request.createdAt.slice(0, 10)}
                  {request.reason ? ` · ${request.reason.replaceAll('_', ' ')}` : ''}
                  {request.explanation ? ` · “${request.explanation}”` : ''}
                </p>
                <label htmlFor={`vendor-note-${request.id}`}>Note to the customer (optional)</label>
                <input
                  id={`vendor-note-${request.id}`}
                  maxLength={500}
                  value={notes[request.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [request.id]: e.target.value })}
                />
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => void decide(request.id, 'approval')}
                  >
                    Approve the removal
                  </button>{' '}
                  <button type="button" onClick={() => void decide(request.id, 'decline')}>
                    Decline
                  </button>
                </div>
              </article>
            ))
          )
        }
      </Loaded>
    </section>
  );
}
