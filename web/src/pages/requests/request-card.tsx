import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { LicenceRequest } from '../../api/types';
import { QuoteSummary } from '../../components/quote-summary';
import { ErrorNotice, Loaded } from '../../components/states';
import { useSession } from '../../session';
import { useRequest } from '../../queries/requests';

/** One request waiting: who asks what and why, what approving costs now, approve or decline. */
export function RequestCard(props: {
  request: LicenceRequest;
  onDecided: (message: string) => void;
}) {
  const { dateTime } = useSession();
  const { request } = props;
  const detail = useRequest(request.id);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const decide = async (how: 'approval' | 'decline') => {
    setBusy(true);
    setError(null);
    try {
      const path = { params: { path: { requestId: request.id } }, body: note ? { note } : {} };
      const decided = await unwrap(
        how === 'approval'
          ? api.POST('/v1/licence-requests/{requestId}/approval', path)
          : api.POST('/v1/licence-requests/{requestId}/decline', path),
      );
      // Said as it stands: a removal the vendor approves is not done yet.
      props.onDecided(
        decided.status === 'awaiting_vendor'
          ? `Approved: ${request.summary} now waits for the vendor's approval.`
          : `${decided.status === 'approved' ? 'Approved and done' : 'Declined'}: ${request.summary}. An e-mail telling ${request.requesterName ?? 'the requester'} is on its way.`,
      );
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  const titleId = `request-${request.id}`;
  return (
    <article className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {request.requesterName} asks to {request.summary}
      </h3>
      <p className="muted small">
        Asked {dateTime(request.createdAt)}
        {request.reason ? ` · reason: ${request.reason.replaceAll('_', ' ')}` : ''}
      </p>
      {request.explanation ? <p>“{request.explanation}”</p> : null}
      {request.kind === 'adjustment' ? (
        <Loaded load={detail}>
          {(data) =>
            data.preview ? <QuoteSummary quote={data.preview} title="If you approve now" /> : null
          }
        </Loaded>
      ) : (
        <p className="muted small">Approving gives them a licence from the pool, switched on.</p>
      )}
      <label htmlFor={`note-${request.id}`}>Note to {request.requesterName} (optional)</label>
      <input
        id={`note-${request.id}`}
        value={note}
        maxLength={500}
        onChange={(e) => setNote(e.target.value)}
      />
      {error ? <ErrorNotice error={error} /> : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void decide('approval')}
        >
          Approve
        </button>{' '}
        <button type="button" disabled={busy} onClick={() => void decide('decline')}>
          Decline
        </button>
      </div>
    </article>
  );
}
