import { amountDue } from './amount-due.js';
import { renderInvoicePdf } from '../../documents/invoice-pdf.js';
import { notFound } from '../app-error.js';
import { requireScope, type Actor, type AppContext } from '../context.js';

/**
 * An invoice as a PDF document, with the vendor's details (`context.vendor`), the customer and
 * the clinic, and the payments made or tried. Returns the file and a name for it.
 */
export async function invoicePdf(context: AppContext, actor: Actor, invoiceId: string) {
  requireScope(actor, 'billing:read');
  const db = context.store.db;
  const invoice = await db
    .selectFrom('invoices')
    .innerJoin('organizations', 'organizations.id', 'invoices.org_id')
    .leftJoin('locations', 'locations.id', 'invoices.location_id')
    .selectAll('invoices')
    .select([
      'organizations.name as org_name',
      'organizations.time_zone as time_zone',
      'locations.name as clinic',
    ])
    .where('invoices.org_id', '=', actor.orgId)
    .where('invoices.id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw notFound('Invoice', 'invoiceId');
  const lines = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoice.id)
    .orderBy('position')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .leftJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .select([
      'payments.created_at',
      'payments.amount',
      'payments.status',
      'payments.failure_message',
      'payment_methods.brand',
      'payment_methods.last4',
    ])
    .where('payments.invoice_id', '=', invoice.id)
    .orderBy('payments.created_at')
    .execute();
  const file = await renderInvoicePdf({
    vendor: context.vendor ?? { name: 'Seatledger', address: null },
    customer: { name: invoice.org_name, clinic: invoice.clinic, timeZone: invoice.time_zone },
    invoice: {
      id: invoice.id,
      number: invoice.number,
      issuedAt: invoice.issued_at,
      dueAt: invoice.due_at,
      status: invoice.status,
      currency: invoice.currency,
      subtotal: invoice.subtotal,
      creditApplied: invoice.credit_applied,
      total: invoice.total,
      amountPaid: invoice.amount_paid,
      amountCredited: invoice.amount_credited + invoice.amount_credited_after_payment,
      amountDue: amountDue(invoice),
      lines: lines.map((line) => ({
        description: line.description,
        from: line.period_from,
        to: line.period_to,
        amount: line.amount,
        cause: line.cause,
      })),
    },
    payments: payments.map((payment) => ({
      at: payment.created_at,
      amount: payment.amount,
      status: payment.status,
      card: payment.brand ? `${payment.brand} ending ${payment.last4 ?? ''}` : null,
      failure: payment.failure_message,
    })),
  });
  return { file, name: `invoice-${invoice.number}.pdf` };
}
