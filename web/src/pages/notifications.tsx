import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import type { PreferencesBody } from '../api/types';
import { Done, Empty, ErrorNotice, Loaded } from '../components/states';
import { useSession } from '../session';
import { Requires } from '../components/requires';
import { useMessages, useNotificationPreferences } from '../queries/notifications';
import { useRefresh } from '../queries/query-client';

const KINDS: Record<string, string> = {
  licence_change: 'Licence change confirmations',
  invoice_issued: 'Invoices issued (with the PDF)',
  payment_succeeded: 'Payments received',
  payment_failed: 'Payments declined',
  renewal_window: 'Contract renewal reminders',
  unused_licences: 'Unused licences before the deadline',
  webhook_endpoint_disabled: 'A webhook endpoint turned off',
  licence_request: 'A member asks for licences',
};
const ROLES: Record<string, string> = {
  actor: 'Who made the change',
  billing_contact: 'Billing contact',
  owner: 'Account owner',
  licence_managers: 'Licence managers',
};

type Kinds = Record<string, { roles: string[]; also: string[] }>;

/** Who gets which e-mail, the billing contact, and the mail log (11). */
export function NotificationsPage() {
  const preferences = useNotificationPreferences();
  const refresh = useRefresh();
  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        Seatledger e-mails your people when something happens to their licences, invoices and
        payments. Invitations, password resets and permission changes always go to the person
        concerned.
      </p>
      <Loaded load={preferences}>
        {(saved) => (
          <PreferencesForm
            billingEmail={saved.billingEmail}
            kinds={saved.kinds}
            onSaved={() => refresh('notification-preferences')}
          />
        )}
      </Loaded>
      <Requires scope="audit:read" to="see the mail log">
        <MailLog />
      </Requires>
    </>
  );
}

function PreferencesForm(props: {
  billingEmail: string | null;
  kinds: Kinds;
  onSaved: () => void;
}) {
  const allowed = useSession().can('billing:manage');
  const [billingEmail, setBillingEmail] = useState(props.billingEmail ?? '');
  const [kinds, setKinds] = useState<Kinds>(props.kinds);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setKinds(props.kinds), [props.kinds]);
  const toggle = (kind: string, role: string, on: boolean) => {
    const current = kinds[kind] ?? { roles: [], also: [] };
    const roles = on ? [...current.roles, role] : current.roles.filter((r) => r !== role);
    setKinds({ ...kinds, [kind]: { ...current, roles } });
  };
  const setAlso = (kind: string, text: string) => {
    const current = kinds[kind] ?? { roles: [], also: [] };
    const also = text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    setKinds({ ...kinds, [kind]: { ...current, also } });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      const body = {
        billingEmail: billingEmail.trim() ? billingEmail.trim() : null,
        kinds: Object.fromEntries(
          Object.entries(kinds).map(([kind, { roles, also }]) => [kind, { roles, also }]),
        ),
      };
      await unwrap(
        api.PUT('/v1/notification-preferences', {
          // The kinds and roles offered are the server's own (its enums): the checkboxes send no other.
          body: body as PreferencesBody,
        }),
      );
      setDone('Saved.');
      props.onSaved();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="who-title">
      <h2 id="who-title">Who gets what</h2>
      <label htmlFor="billing-email">Billing contact (empty: the account owner)</label>
      <input
        id="billing-email"
        type="email"
        disabled={!allowed}
        value={billingEmail}
        onChange={(e) => setBillingEmail(e.target.value)}
      />
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Messages and recipients">
        <table>
          <caption>Each message, and who receives it</caption>
          <thead>
            <tr>
              <th scope="col">Message</th>
              {Object.values(ROLES).map((label) => (
                <th scope="col" key={label}>
                  {label}
                </th>
              ))}
              <th scope="col">Also to (comma-separated)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(KINDS).map(([kind, label]) => (
              <tr key={kind}>
                <th scope="row">{label}</th>
                {Object.entries(ROLES).map(([role, roleLabel]) => (
                  <td key={role}>
                    <input
                      type="checkbox"
                      disabled={!allowed}
                      aria-label={`${label}: ${roleLabel}`}
                      checked={kinds[kind]?.roles.includes(role) ?? false}
                      onChange={(e) => toggle(kind, role, e.target.checked)}
                    />
                  </td>
                ))}
                <td>
                  <input
                    aria-label={`${label}: also to`}
                    disabled={!allowed}
                    value={(kinds[kind]?.also ?? []).join(', ')}
                    onChange={(e) => setAlso(kind, e.target.value)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <Requires scope="billing:manage" to="change who gets what">
        <button type="submit" className="primary">
          Save
        </button>
      </Requires>
      <Done message={done} />
    </form>
  );
}

function MailLog() {
  const { dateTime } = useSession();
  const messages = useMessages();
  return (
    <section aria-labelledby="mail-log-title">
      <h2 id="mail-log-title">Mail log</h2>
      <Loaded load={messages}>
        {(list) =>
          list.data.length === 0 ? (
            <Empty>No e-mail yet.</Empty>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Mail log">
              <table>
                <caption>E-mail sent to your people, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Queued</th>
                    <th scope="col">To</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((message) => (
                    <tr key={message.id}>
                      <td>{dateTime(message.createdAt)}</td>
                      <td>{message.to}</td>
                      <td>{message.subject}</td>
                      <td>
                        {message.status}
                        {message.status === 'pending' && message.attempts > 0
                          ? ` (tried ${message.attempts}x: ${message.lastError ?? ''})`
                          : ''}
                        {message.status === 'failed' ? ` (${message.lastError ?? ''})` : ''}
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
