import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { Done, ErrorNotice } from './states';
import type { Reason } from './removal-reason';

/** A removal the vendor must approve (12), sent as a request: it waits in the vendor's queue. */
export function SendForApproval(props: {
  subscriptionId: string;
  seats: Record<string, number>;
  reason: Reason | '';
  explanation: string;
  onSent: () => void;
}) {
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const send = async () => {
    setError(null);
    try {
      const sent = await unwrap(
        api.POST('/v1/licence-requests', {
          body: {
            kind: 'adjustment',
            subscriptionId: props.subscriptionId,
            op: 'set',
            seats: props.seats,
            ...(props.reason ? { reason: props.reason } : {}),
            ...(props.explanation.trim() ? { explanation: props.explanation } : {}),
          },
        }),
      );
      setDone(
        sent.status === 'awaiting_vendor'
          ? 'Sent to the vendor for approval: it is under Requests until they decide.'
          : 'Sent as a request: a licence manager decides, then the vendor.',
      );
      props.onSent();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <div>
      <button type="button" className="primary" onClick={() => void send()}>
        Send for the vendor’s approval
      </button>
      {error ? <ErrorNotice error={error} /> : null}
      <Done message={done} />
    </div>
  );
}
