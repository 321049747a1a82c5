import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { WebhookEndpoint } from '../api/types';
import { useSession } from '../session';
import { useWebhookDeliveries } from '../queries/notifications';
import { Done, Empty, ErrorNotice, Loaded } from './states';

/** One endpoint: its state, its secret, on/off, and its delivery log with replay. */
export function WebhookEndpointCard({
  endpoint,
  onChanged,
}: {
  endpoint: WebhookEndpoint;
  onChanged: () => void;
}) {
  const { dateTime } = useSession();
  const path = { params: { path: { endpointId: endpoint.id } } };
  const deliveries = useWebhookDeliveries(endpoint.id);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (work: () => Promise<string>) => {
    setError(null);
    setDone(null);
    try {
      setDone(await work());
      onChanged();
      void deliveries.refetch();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const enabled = endpoint.status === 'enabled';
  return (
    <section className="card" aria-label={`Webhook endpoint ${endpoint.url}`}>
      <div className="card-head">
        <h2>{endpoint.url}</h2>
        <span className={`tag status-${endpoint.status}`}>{enabled ? 'on' : 'off'}</span>
      </div>
      <p className="muted">
        {endpoint.eventTypes.length ? endpoint.eventTypes.join(', ') : 'Every event'}
        {endpoint.disabledReason ? `. Turned off: ${endpoint.disabledReason}` : ''}
      </p>
      <button
        type="button"
        onClick={() =>
          void act(async () => {
            await unwrap(
              api.PATCH('/v1/webhook-endpoints/{endpointId}', {
                ...path,
                body: { enabled: !enabled },
              }),
            );
            return enabled ? 'Turned off.' : 'Turned on.';
          })
        }
      >
        {enabled ? 'Turn off' : 'Turn on'}
      </button>
      <button
        type="button"
        onClick={() =>
          void act(async () => {
            const shown = await unwrap(api.GET('/v1/webhook-endpoints/{endpointId}/secret', path));
            return `Signing secret: ${shown.secret}`;
          })
        }
      >
        Show signing secret
      </button>
      <button
        type="button"
        onClick={() =>
          void act(async () => {
            const rotated = await unwrap(
              api.POST('/v1/webhook-endpoints/{endpointId}/rotate-secret', path),
            );
            return `New signing secret: ${rotated.secret}. The previous one signs too until ${dateTime(rotated.previousSecretUntil ?? '')}.`;
          })
        }
      >
        Rotate secret
      </button>
      {error ? <ErrorNotice error={error} /> : null}
      <Done message={done} />
      <Loaded load={deliveries}>
        {(log) =>
          log.data.length === 0 ? (
            <Empty>Nothing delivered yet.</Empty>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Deliveries">
              <table>
                <caption>Deliveries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">When</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">
                      <span className="visually-hidden">Send again</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.map((delivery) => (
                    <tr key={delivery.id}>
                      <td>{delivery.eventType}</td>
                      <td>{dateTime(delivery.createdAt)}</td>
                      <td>
                        {delivery.status}
                        {delivery.lastError ? ` (${delivery.lastError})` : ''}
                      </td>
                      <td>{delivery.attempts.length}</td>
                      <td>
                        <button
                          type="button"
                          onClick={() =>
                            void act(async () => {
                              await unwrap(
                                api.POST('/v1/webhook-deliveries/{deliveryId}/replay', {
                                  params: { path: { deliveryId: delivery.id } },
                                }),
                              );
                              return `${delivery.eventType} will be sent again.`;
                            })
                          }
                        >
                          Send {delivery.eventType} again
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
