import { useState } from 'react';
import { Empty, Loaded } from '../components/states';
import { useSession } from '../session';
import { useAuditPages } from '../queries/organisation';

const ACTIONS = [
  '',
  'licences.',
  'licence.',
  'staff.',
  'subscription.',
  'test_clock.',
  'api_key.',
  'organization.',
  'location.',
  'licence_request.',
];

/** Every change: who, what, to which, before and after, why. Newest first, filterable. */
export function AuditLogPage() {
  const { dateTime } = useSession();
  const [action, setAction] = useState('');
  const [name, setName] = useState('');
  const pages = useAuditPages({ action, name });
  const log = {
    ...pages,
    data: pages.data ? pages.data.pages.flatMap((page) => page.data) : undefined,
  };
  return (
    <>
      <h1>Audit log</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => e.preventDefault()}
      >
        <div>
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
            {ACTIONS.map((prefix) => (
              <option key={prefix} value={prefix}>
                {prefix ? prefix.replace(/\.$/, '') : 'All actions'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-name">Person</label>
          <input
            id="audit-name"
            type="search"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Who did it, or whom it was about"
          />
        </div>
      </form>
      <p>
        <a href="/v1/exports/audit-log.csv" download>
          Download the audit log (CSV)
        </a>
      </p>
      <Loaded load={log}>
        {(entries) =>
          entries.length === 0 ? (
            <Empty>Nothing recorded for these filters.</Empty>
          ) : (
            <>
              <div
                className="table-wrap"
                tabIndex={0}
                role="region"
                aria-label="Audit entries, scrolls sideways"
              >
                <table>
                  <caption className="visually-hidden">Audit log entries</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">What happened</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id}>
                        <td>{dateTime(entry.at)}</td>
                        <th scope="row">{entry.sentence}</th>
                        <td>{entry.reason ?? ''}</td>
                        <td className="small">
                          <details>
                            <summary>{entry.action}</summary>
                            {entry.before ? (
                              <div>
                                Before: <code>{JSON.stringify(entry.before)}</code>
                              </div>
                            ) : null}
                            {entry.after ? (
                              <div>
                                After: <code>{JSON.stringify(entry.after)}</code>
                              </div>
                            ) : null}
                          </details>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {pages.hasNextPage ? (
                <button
                  type="button"
                  disabled={pages.isFetchingNextPage}
                  onClick={() => void pages.fetchNextPage()}
                >
                  Load more
                </button>
              ) : null}
            </>
          )
        }
      </Loaded>
    </>
  );
}
