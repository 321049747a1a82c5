import { amountDue } from '../billing/amount-due.js';
import { renderReceiptPdf } from '../../documents/receipt-pdf.js';
import { AppError, notFound } from '../app-error.js';
import { requireScope, type Actor, type AppContext } from '../context.js';
import { paymentView } from './pay-invoice.js';

async function loadPayment(context: AppContext, actor: Actor, paymentId: string) {
  requireScope(actor, 'billing:read');
  const row = await context.store.db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .innerJoin('organizations', 'organizations.id', 'payments.org_id')
    .leftJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .selectAll('payments')
    .select([
      'invoices.number as invoice_number',
      'invoices.total as invoice_total',
      'invoices.amount_paid as invoice_paid',
      'invoices.amount_credited as invoice_credited',
      'invoices.status as invoice_status',
      'organizations.name as org_name',
      'organizations.time_zone as time_zone',
      'payment_methods.brand as brand',
      'payment_methods.last4 as last4',
    ])
    .where('payments.org_id', '=', actor.orgId)
    .where('payments.id', '=', paymentId)
    .executeTakeFirst();
  if (!row) throw notFound('Payment', 'paymentId');
  return row;
}

export async function getPayment(context: AppContext, actor: Actor, paymentId: string) {
  return paymentView(await loadPayment(context, actor, paymentId));
}

/** A receipt for a payment that went through, as a PDF. */
export async function paymentReceiptPdf(context: AppContext, actor: Actor, paymentId: string) {
  const row = await loadPayment(context, actor, paymentId);
  if (row.status !== 'succeeded') {
    throw new AppError(
      'conflict',
      `This payment ${row.status === 'failed' ? 'failed' : 'is pending'}: there is no receipt`,
      'paymentId',
    );
  }
  const file = await renderReceiptPdf({
    vendor: context.vendor ?? { name: 'Seatledger', address: null },
    customer: { name: row.org_name, timeZone: row.time_zone },
    payment: {
      id: row.id,
      at: row.settled_at ?? row.created_at,
      amount: row.amount,
      currency: row.currency,
      card: row.brand ? `${row.brand} ending ${row.last4 ?? ''}` : null,
      invoiceNumber: row.invoice_number,
      invoiceTotal: row.invoice_total,
      invoiceDue: amountDue({
        status: row.invoice_status,
        total: row.invoice_total,
        amount_paid: row.invoice_paid,
        amount_credited: row.invoice_credited,
      }),
    },
  });
  return { file, name: `receipt-${row.id}.pdf` };
}
