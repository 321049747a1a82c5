import { Empty, Loaded } from '../components/states';
import { formatMoney } from '../format';
import { useCustomerPages } from '../queries/operator';
import type { Customer } from './acting-for';

/** Customers (12): each organisation with its plans, seats, MRR and open invoices. */
export function Customers(props: { onActFor: (customer: Customer) => void }) {
  const pages = useCustomerPages();
  const list = {
    ...pages,
    data: pages.data ? pages.data.pages.flatMap((page) => page.data) : undefined,
  };
  return (
    <section aria-labelledby="customers-title">
      <h2 id="customers-title">Customers</h2>
      <Loaded load={list}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No customers yet.</Empty>
          ) : (
            <>
              <div
                className="table-wrap"
                tabIndex={0}
                role="region"
                aria-label="Customers, scrolls sideways"
              >
                <table>
                  <caption className="visually-hidden">Customers</caption>
                  <thead>
                    <tr>
                      <th scope="col">Organisation</th>
                      <th scope="col">Plans (version in force)</th>
                      <th scope="col" className="num">
                        MRR
                      </th>
                      <th scope="col" className="num">
                        Open invoices
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((org) => {
                      const money = (amount: number) =>
                        formatMoney(amount, org.currency, org.currencyExponent);
                      return (
                        <tr key={org.id}>
                          <th scope="row">
                            {org.name}
                            <div className="muted small mono">{org.id}</div>
                            <button
                              type="button"
                              className="link"
                              onClick={() => props.onActFor(org)}
                            >
                              Act for {org.name}
                            </button>
                          </th>
                          <td>
                            {org.subscriptions.map((s) => (
                              <div key={s.id}>
                                {s.planId ?? 'custom'} ({s.planVersionId}
                                {s.planVersionId !== s.soldVersionId
                                  ? `, sold ${s.soldVersionId}`
                                  : ''}
                                ):{' '}
                                {Object.entries(s.seats)
                                  .map(([type, n]) => `${n} ${type}`)
                                  .join(', ')}
                                {s.status === 'ended' ? ' · ended' : ''}
                              </div>
                            ))}
                          </td>
                          <td className="num">{money(Number(org.monthlyRecurringRevenue))}</td>
                          <td className="num">
                            {org.openInvoices.count} · {money(Number(org.openInvoices.amount))}
                          </td>
                        </tr>
                      );
                    })}
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
    </section>
  );
}
