import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { AuditEntry } from '../api/types';
import { Empty, Loaded } from '../components/states';
import { useSession } from '../session';
import { useLoad } from '../use-load';

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
];

/** Every change: who, what, to which, before and after, why. Newest first, filterable. */
export function AuditLogPage() {
  const { dateTime } = useSession();
  const [action, setAction] = useState('');
  const [subject, setSubject] = useState('');
  const [cursors, setCursors] = useState<string[]>(['']);
  const log = useLoad(async () => {
    const entries: AuditEntry[] = [];
    let next: string | null = null;
    for (const cursor of cursors) {
      const page = await unwrap(
        api.GET('/v1/audit-log', {
          params: {
            query: {
              limit: 50,
              ...(action ? { action } : {}),
              ...(subject ? { subject } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      );
      entries.push(...page.data);
      next = page.nextCursor;
    }
    return { entries, next };
  }, [action, subject, cursors]);
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
          <select
            id="audit-action"
            value={action}
            onChange={(e) => (setAction(e.target.value), setCursors(['']))}
          >
            {ACTIONS.map((prefix) => (
              <option key={prefix} value={prefix}>
                {prefix ? prefix.replace(/\.$/, '') : 'All actions'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-subject">Subject id</label>
          <input
            id="audit-subject"
            value={subject}
            onChange={(e) => (setSubject(e.target.value.trim()), setCursors(['']))}
            placeholder="stf_…, sub_…"
          />
        </div>
      </form>
      <Loaded load={log}>
        {({ entries, next }) =>
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
                      <th scope="col">Who</th>
                      <th scope="col">Action</th>
                      <th scope="col">Subject</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id}>
                        <td>{dateTime(entry.at)}</td>
                        <td className="mono small">{entry.actor}</td>
                        <td>{entry.action}</td>
                        <td className="mono small">{entry.subject}</td>
                        <td className="small">
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
                          {entry.reason ? <div>Reason: {entry.reason}</div> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {next ? (
                <button type="button" onClick={() => setCursors([...cursors, next])}>
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
