import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { unwrap } from '../api/client';
import { ErrorNotice } from '../components/states';
import { ActingFor, type Customer } from './acting-for';
import { Approvals } from './approvals';
import { Catalog } from './catalog';
import { Customers } from './customers';
import { OperatorContext, operatorClient } from './operator-client';

const TABS = [
  ['customers', 'Customers'],
  ['catalog', 'Catalog'],
  ['approvals', 'Approvals'],
] as const;
type Tab = (typeof TABS)[number][0];

/**
 * The vendor's back office (12) over the operator API: customers, the catalog, the approval
 * queue. Opened with an operator key (printed at first start, or `seatledger operator-key`),
 * kept in memory for this tab only.
 */
export function VendorApp() {
  const [key, setKey] = useState<string | null>(null);
  const client = useMemo(() => (key ? operatorClient(key) : null), [key]);
  const [tab, setTab] = useState<Tab>('customers');
  const [acting, setActing] = useState<Customer | null>(null);
  const queries = useQueryClient();
  const close = () => {
    // The back office's reads go with its key.
    queries.removeQueries({ queryKey: ['operator'] });
    setKey(null);
  };
  if (!client) return <OperatorSignIn onKey={setKey} />;
  return (
    <OperatorContext.Provider value={client}>
      <div className="vendor">
        <header className="topbar">
          <span className="brand">Seatledger</span>
          <span className="org">Vendor back office</span>
          <span className="who">
            <button type="button" className="link" onClick={close}>
              Close
            </button>
          </span>
        </header>
        <main id="main" tabIndex={-1}>
          <h1>Back office</h1>
          <nav aria-label="Back office" className="tabs">
            {TABS.map(([id, label]) => (
              <button
                key={id}
                type="button"
                aria-pressed={tab === id}
                className={tab === id ? 'primary' : undefined}
                onClick={() => setTab(id)}
              >
                {label}
              </button>
            ))}
          </nav>
          {acting ? <ActingFor customer={acting} onClose={() => setActing(null)} /> : null}
          {tab === 'customers' ? (
            <Customers onActFor={setActing} />
          ) : tab === 'catalog' ? (
            <Catalog />
          ) : (
            <Approvals />
          )}
        </main>
      </div>
    </OperatorContext.Provider>
  );
}

function OperatorSignIn({ onKey }: { onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      // Checked before it is kept: the catalog answers only to an operator key.
      await unwrap(operatorClient(value.trim()).GET('/v1/operator/plans'));
      onKey(value.trim());
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <main id="main" className="sign-in">
      <h1>Vendor back office</h1>
      <form className="card" onSubmit={(e) => void submit(e)} aria-label="Open the back office">
        <label htmlFor="operator-key">Operator key</label>
        <input
          id="operator-key"
          type="password"
          autoComplete="off"
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="primary">
          Open
        </button>
      </form>
      <p className="muted small">
        The key is printed at first start (and kept in DATA_DIR/operator-key.json), or made with npx
        seatledger operator-key. It stays in this tab&apos;s memory only.
      </p>
    </main>
  );
}
