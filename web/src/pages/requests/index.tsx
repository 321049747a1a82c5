import { useState } from 'react';
import { Done, Empty, Loaded } from '../../components/states';
import { useSession } from '../../session';
import { useRefresh } from '../../queries/query-client';
import { useRequests } from '../../queries/requests';
import { useLicencePools } from '../../queries/staff';
import { RequestCard } from './request-card';
import { RequestForm } from './request-form';
import { RequestList } from './request-list';

/**
 * Requests and approvals (12, 001): anyone asks for an adjustment or a licence for
 * themselves; licence managers see what waits, with its cost now, and decide.
 */
export function RequestsPage() {
  const { me } = useSession();
  const requests = useRequests();
  const pools = useLicencePools();
  const refresh = useRefresh();
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <>
      <h1>Requests</h1>
      <Done message={decided} />
      <Loaded load={requests}>
        {(list) => {
          const waiting = list.data.filter((r) => r.status === 'pending');
          return (
            <>
              {list.canDecide ? (
                <section aria-labelledby="queue-title">
                  <h2 id="queue-title">Waiting for a decision ({waiting.length})</h2>
                  {waiting.length === 0 ? (
                    <Empty>Nothing is waiting.</Empty>
                  ) : (
                    waiting.map((request) => (
                      <RequestCard
                        key={request.id}
                        request={request}
                        onDecided={(message) => (setDecided(message), refresh())}
                      />
                    ))
                  )}
                </section>
              ) : null}
              {/* Licence managers make changes themselves; everyone else asks. */}
              {me.staff && pools.data && !list.canDecide ? (
                <RequestForm pools={pools.data} onAsked={() => refresh('requests')} />
              ) : null}
              <RequestList
                title={list.canDecide ? 'All requests' : 'Your requests'}
                requests={list.data}
                onWithdrawn={() => refresh('requests')}
              />
            </>
          );
        }}
      </Loaded>
    </>
  );
}
