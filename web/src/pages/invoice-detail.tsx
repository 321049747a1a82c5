import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Invoice } from '../api/types';
import { CreditNotes } from '../components/credit-notes';
import { Lines } from '../components/invoice-lines';
import { Done, ErrorNotice, Loaded } from '../components/states';
import { useSession } from '../session';
import { Requires } from '../components/requires';
import { useInvoice, useInvoicePayments } from '../queries/invoices';
import { useRefresh } from '../queries/query-client';

/** Paid, open (past due when its due date has gone), void or uncollectible. */
export function InvoiceStatus({ invoice }: { invoice: Invoice }) {
  const { organization } = useSession();
  const pastDue = invoice.status === 'open' && invoice.dueAt < organization.now;
  const label = pastDue ? 'past due' : invoice.status;
  return <span className={`tag status-${label.replace(' ', '-')}`}>{label}</span>;
}

/** One invoice: its lines and totals, what is paid and due, pay now, and its payments. */
export function InvoiceDetail({ invoiceId, onPaid }: { invoiceId: string; onPaid: () => void }) {
  const { money, date } = useSession();
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const payments = useInvoicePayments(invoiceId);
  const invoice = useInvoice(invoiceId);
  const refresh = useRefresh();
  const payNow = async () => {
    setError(null);
    setDone(null);
    try {
      const payment = await unwrap(
        api.POST('/v1/invoices/{invoiceId}/pay', { params: { path: { invoiceId } } }),
      );
      setDone(
        payment.status === 'pending'
          ? `The payment of ${money(payment.amount)} is being processed by the card's bank: the invoice is paid once it goes through.`
          : `Paid ${money(payment.amount)}.`,
      );
    } catch (caught) {
      setError(caught as Error);
    }
    // The invoice, its payments, the list and the past-due banner (the subscriptions).
    refresh('invoices', 'subscriptions');
    onPaid();
  };
  return (
    <section className="card" aria-labelledby="invoice-title">
      <Loaded load={invoice}>
        {(data) => (
          <>
            <div className="card-head">
              <h2 id="invoice-title">
                Invoice no. {data.number}, {date(data.issuedAt)}
              </h2>
              <span>
                <a href={`/v1/invoices/${data.id}.pdf`} target="_blank" rel="noreferrer">
                  Download PDF
                </a>{' '}
                · <a href="#/invoices">Close</a>
              </span>
            </div>
            <Lines lines={data.lines} caption="Lines" />
            <dl className="figures">
              <div>
                <dt>Subtotal</dt>
                <dd>{money(data.subtotal)}</dd>
              </div>
              <div>
                <dt>Credit applied</dt>
                <dd>{money(data.creditApplied)}</dd>
              </div>
              <div>
                <dt>Total</dt>
                <dd>
                  <strong>{money(data.total)}</strong>
                </dd>
              </div>
              <div>
                <dt>Paid</dt>
                <dd>{money(data.amountPaid)}</dd>
              </div>
              {data.amountCredited > 0 ? (
                <div>
                  <dt>Credited</dt>
                  <dd>{money(-data.amountCredited)}</dd>
                </div>
              ) : null}
              <div>
                <dt>Due</dt>
                <dd>
                  {money(data.amountDue)}
                  {data.status === 'open' ? ` by ${date(data.dueAt)}` : ''}
                </dd>
              </div>
              <div>
                <dt>Status</dt>
                <dd>
                  <InvoiceStatus invoice={data} />
                </dd>
              </div>
            </dl>
            {data.status === 'open' ? (
              <Requires scope="billing:manage" to="pay invoices">
                <button type="button" className="primary" onClick={() => void payNow()}>
                  Pay {money(data.amountDue)} now with the default card
                </button>
              </Requires>
            ) : null}
            {error ? <ErrorNotice error={error} /> : null}
            <Done message={done} />
            <CreditNotes invoiceId={invoiceId} />
            <Loaded load={payments}>
              {(list) =>
                list.data.length === 0 ? null : (
                  <ul className="payments" aria-label="Payments">
                    {list.data.map((payment) => (
                      <li key={payment.id}>
                        {date(payment.createdAt)}: {money(payment.amount)} {payment.status}
                        {payment.failureMessage ? ` (${payment.failureMessage})` : ''}
                        {payment.status === 'succeeded' ? (
                          <>
                            {' '}
                            <a
                              href={`/v1/payments/${payment.id}.pdf`}
                              target="_blank"
                              rel="noreferrer"
                            >
                              Receipt
                            </a>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )
              }
            </Loaded>
          </>
        )}
      </Loaded>
    </section>
  );
}
