import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Invoice, Subscription } from '../api/types';
import { Empty, ErrorNotice, Loaded } from '../components/states';
import { useSession } from '../session';
import { Requires } from '../components/requires';
import { Lines } from '../components/invoice-lines';
import { InvoiceDetail, InvoiceStatus } from './invoice-detail';
import { useInvoicePages } from '../queries/invoices';
import { useRefresh } from '../queries/query-client';
import { useSubscriptions, useUpcomingInvoice } from '../queries/subscriptions';

/** The upcoming invoice per clinic with "invoice pending charges now", the list, and details. */
export function InvoicesPage({ invoiceId }: { invoiceId: string | null }) {
  const subscriptions = useSubscriptions();
  // Pages already read stay; "load more" reads only the next one.
  const pages = useInvoicePages();
  const invoices = {
    ...pages,
    data: pages.data ? pages.data.pages.flatMap((page) => page.data) : undefined,
  };
  const refresh = useRefresh();
  const reload = () => refresh('invoices', 'subscriptions');
  return (
    <>
      <h1>Invoices</h1>
      <p>
        <a href="/v1/exports/invoices.csv" download>
          Download invoices (CSV)
        </a>
      </p>
      {invoiceId ? <InvoiceDetail invoiceId={invoiceId} onPaid={reload} /> : null}
      <Loaded load={subscriptions}>
        {(list) => (
          <>
            {list.map((subscription) => (
              <Upcoming key={subscription.id} subscription={subscription} onInvoiced={reload} />
            ))}
          </>
        )}
      </Loaded>
      <section aria-labelledby="issued-title">
        <h2 id="issued-title">Issued invoices</h2>
        <Loaded load={invoices}>
          {(all) =>
            all.length === 0 ? (
              <Empty>No invoice yet.</Empty>
            ) : (
              <>
                <InvoiceTable invoices={all} />
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
    </>
  );
}

function InvoiceTable({ invoices }: { invoices: readonly Invoice[] }) {
  const { money, date, locationName } = useSession();
  // Shared with the rest of the page: read once.
  const subscriptions = useSubscriptions();
  const clinic = (id: string) =>
    locationName(subscriptions.data?.find((s) => s.id === id)?.locationId ?? null);
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-label="Issued invoices, scrolls sideways"
    >
      <table>
        <caption className="visually-hidden">Issued invoices, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Issued</th>
            <th scope="col">Clinic</th>
            <th scope="col" className="num">
              Subtotal
            </th>
            <th scope="col" className="num">
              Credit applied
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Status</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <th scope="row">
                <a href={`#/invoices/${invoice.id}`}>No. {invoice.number}</a>
              </th>
              <td>{date(invoice.issuedAt)}</td>
              <td>{clinic(invoice.subscriptionId)}</td>
              <td className="num">{money(invoice.subtotal)}</td>
              <td className="num">{money(invoice.creditApplied)}</td>
              <td className="num">{money(invoice.total)}</td>
              <td>
                <InvoiceStatus invoice={invoice} />
              </td>
              <td>{invoice.status === 'open' ? date(invoice.dueAt) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Upcoming({
  subscription,
  onInvoiced,
}: {
  subscription: Subscription;
  onInvoiced: () => void;
}) {
  const { money, date, locationName } = useSession();
  const upcoming = useUpcomingInvoice(subscription.id);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<{ id: string; number: number; total: number }[] | null>(null);
  const invoiceNow = async () => {
    setError(null);
    try {
      const result = await unwrap(
        api.POST('/v1/subscriptions/{subscriptionId}/invoice-now', {
          params: { path: { subscriptionId: subscription.id } },
        }),
      );
      // What was issued, as issued (12: not the change's own charge, which is nothing here).
      setDone(result.invoices ?? []);
      onInvoiced();
    } catch (caught) {
      setError(caught as Error);
    }
  };
  const headingId = `upcoming-${subscription.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Upcoming invoice · {locationName(subscription.locationId)}</h2>
      {subscription.creditBalance > 0 ? (
        <p>
          Credit balance: <strong>{money(subscription.creditBalance)}</strong>, taken off the next
          invoices.
        </p>
      ) : null}
      <Loaded load={upcoming}>
        {(data) => {
          const pendingTotal = data.pendingLines.reduce((sum, line) => sum + line.amount, 0);
          return (
            <>
              {data.invoice ? (
                <>
                  <p>
                    On <strong>{date(data.invoice.issuedAt)}</strong>:{' '}
                    <strong>{money(data.invoice.total)}</strong>
                  </p>
                  <Lines lines={data.invoice.lines} caption="As it stands today" />
                  <dl className="figures" aria-label="Upcoming totals">
                    <div>
                      <dt>Subtotal</dt>
                      <dd>{money(data.invoice.subtotal)}</dd>
                    </div>
                    <div>
                      <dt>Credit applied</dt>
                      <dd>{money(-data.invoice.creditApplied)}</dd>
                    </div>
                    <div>
                      <dt>Total</dt>
                      <dd>
                        <strong>{money(data.invoice.total)}</strong>
                      </dd>
                    </div>
                  </dl>
                </>
              ) : (
                <p className="muted">No invoice is coming.</p>
              )}
              {data.pendingLines.length > 0 ? (
                <div className="pending">
                  <p>
                    Unbilled charges waiting for the next invoice:{' '}
                    <strong>{money(pendingTotal)}</strong>.
                  </p>
                  <Requires scope="licences:manage" to="invoice pending charges now">
                    <button type="button" className="primary" onClick={() => void invoiceNow()}>
                      Invoice pending charges now
                    </button>
                  </Requires>
                </div>
              ) : (
                <p className="muted small">No unbilled charges.</p>
              )}
              {error ? <ErrorNotice error={error} /> : null}
              {done ? (
                <p className="notice success" role="status">
                  {done.length === 0
                    ? 'Nothing was waiting: no invoice was issued.'
                    : done.map((invoice) => (
                        <span key={invoice.id}>
                          Issued{' '}
                          <a href={`#/invoices/${invoice.id}`}>invoice no. {invoice.number}</a> for{' '}
                          {money(invoice.total)}.{' '}
                        </span>
                      ))}
                </p>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
