import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { WebhookEndpointCard } from '../components/webhook-endpoint';
import { Done, Empty, ErrorNotice, Loaded } from '../components/states';
import { useWebhookEndpoints } from '../queries/notifications';
import { useRefresh } from '../queries/query-client';

/**
 * Webhooks for integrating systems (11): endpoints that receive signed events (Standard
 * Webhooks), their secrets, and what was delivered.
 */
export function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const refresh = useRefresh();
  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">
        Your other systems can hear what happens here: each event is POSTed to your endpoints,
        signed as Standard Webhooks describes (the <code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code> and <code>webhook-signature</code> headers), and tried again
        for three days until your endpoint answers 2xx.
      </p>
      <Loaded load={endpoints}>
        {(list) => (
          <>
            {list.data.length === 0 ? (
              <Empty>No endpoint yet.</Empty>
            ) : (
              list.data.map((endpoint) => (
                <WebhookEndpointCard
                  key={endpoint.id}
                  endpoint={endpoint}
                  onChanged={() => refresh('webhook-endpoints')}
                />
              ))
            )}
            <AddEndpoint
              eventTypes={list.eventTypes}
              onAdded={() => refresh('webhook-endpoints')}
            />
          </>
        )}
      </Loaded>
    </>
  );
}

function AddEndpoint({ eventTypes, onAdded }: { eventTypes: string[]; onAdded: () => void }) {
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSecret(null);
    try {
      const created = await unwrap(
        api.POST('/v1/webhook-endpoints', {
          body: {
            url,
            // The types offered are the server's list: the checkboxes send no other.
            eventTypes: chosen as never[],
          },
        }),
      );
      setSecret(created.secret);
      setUrl('');
      setChosen([]);
      onAdded();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="Add a webhook endpoint">
      <h2>Add an endpoint</h2>
      <label htmlFor="endpoint-url">URL</label>
      <input
        id="endpoint-url"
        type="url"
        required
        placeholder="https://hooks.example.com/seatledger"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <fieldset>
        <legend>Events (none chosen: every event)</legend>
        {eventTypes.map((type) => (
          <label className="check" key={type}>
            <input
              type="checkbox"
              checked={chosen.includes(type)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, type] : chosen.filter((t) => t !== type))
              }
            />
            {type}
          </label>
        ))}
      </fieldset>
      {error ? <ErrorNotice error={error} /> : null}
      <button type="submit" className="primary">
        Add endpoint
      </button>
      <Done
        message={
          secret ? `Added. Its signing secret is ${secret}: verify each delivery with it.` : null
        }
      />
    </form>
  );
}
