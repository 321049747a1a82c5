import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { Done, Empty, ErrorNotice, Loaded } from '../components/states';
import { useSession } from '../session';
import { useApiKeys, useOrganization } from '../queries/organisation';
import { useRefresh } from '../queries/query-client';

const SCOPES = [
  ['licences:manage', 'Manage licences'],
  ['staff:manage', 'Manage staff'],
  ['staff:read', 'Read staff'],
  ['billing:manage', 'Manage billing'],
  ['billing:read', 'Read billing'],
  ['audit:read', 'Read the audit log'],
] as const;

/** The organisation's clinics and its API keys, managed here as the API allows (12). */
export function OrganisationPage() {
  const { can } = useSession();
  return (
    <>
      <h1>Organisation</h1>
      <Clinics />
      {can('billing:manage') ? <ApiKeys /> : null}
    </>
  );
}

function Clinics() {
  const { can } = useSession();
  const organization = useOrganization();
  const refresh = useRefresh();
  const [name, setName] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const open = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      const created = await unwrap(api.POST('/v1/locations', { body: { name } }));
      setDone(
        `${created.name} is open${created.subscriptionId ? ', with a subscription of its own' : ''}.`,
      );
      setName('');
      // A clinic opened: its subscription, and the session's list of clinics.
      refresh('organization', 'subscriptions', 'licence-pools');
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section className="card" aria-labelledby="clinics-title">
      <h2 id="clinics-title">Clinics</h2>
      <Loaded load={organization}>
        {(data) => (
          <ul aria-label="Clinics">
            {data.locations.map((location) => (
              <li key={location.id}>{location.name}</li>
            ))}
          </ul>
        )}
      </Loaded>
      {can('billing:manage') ? (
        <form onSubmit={(e) => void open(e)} aria-label="Open a clinic">
          <label htmlFor="clinic-name">New clinic's name</label>
          <input id="clinic-name" required value={name} onChange={(e) => setName(e.target.value)} />
          {error ? <ErrorNotice error={error} /> : null}
          <button type="submit">Open clinic</button>
          <Done message={done} />
        </form>
      ) : null}
    </section>
  );
}

function ApiKeys() {
  const { date } = useSession();
  const keys = useApiKeys();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['billing:read']);
  const [error, setError] = useState<Error | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setShown(null);
    try {
      const created = await unwrap(
        api.POST('/v1/api-keys', {
          // The scopes offered are the server's list: the checkboxes send no other.
          body: { name, scopes: scopes as (typeof SCOPES)[number][0][] },
        }),
      );
      setShown(`Key for ${created.name}, shown once: ${created.key ?? ''}`);
      setName('');
      void keys.refetch();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const revoke = async (keyId: string) => {
    setError(null);
    try {
      await unwrap(api.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } }));
      void keys.refetch();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <Loaded load={keys}>
        {(list) => {
          const live = list.filter((key) => !key.revokedAt);
          return live.length === 0 ? (
            <Empty>No API key.</Empty>
          ) : (
            <ul aria-label="API keys">
              {live.map((key) => (
                <li key={key.id}>
                  <strong>{key.name}</strong> · {key.scopes.join(', ')} · made {date(key.createdAt)}{' '}
                  <button type="button" onClick={() => void revoke(key.id)}>
                    Revoke {key.name}
                  </button>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
      <form onSubmit={(e) => void create(e)} aria-label="Create an API key">
        <label htmlFor="key-name">Name</label>
        <input id="key-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset>
          <legend>What it may do</legend>
          {SCOPES.map(([scope, label]) => (
            <label className="check" key={scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes(
                    e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope),
                  )
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit">Create key</button>
        <Done message={shown} />
      </form>
    </section>
  );
}
