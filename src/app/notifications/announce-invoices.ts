import { invoiceIssuedEmail } from '../../notifications/templates/invoice-issued.js';
import { amountDue } from '../billing/amount-due.js';
import { inTransaction, type AppContext } from '../context.js';
import { consoleLink, notify } from './notify.js';
import { emitEvent } from '../webhooks/emit-event.js';

const BATCH = 100;

/**
 * Queue the "invoice issued" message of invoices written since the last pass (billing runs,
 * changes invoiced at once, sign-ups), with the invoice's PDF attached when sent. Each invoice
 * is claimed with FOR UPDATE SKIP LOCKED and marked announced in the transaction that queues
 * its message: announced once, whichever worker does it. Invoices of nothing are not announced.
 * Returns how many were handled.
 */
export async function announceInvoices(context: AppContext, limit = 500): Promise<number> {
  let handled = 0;
  while (handled < limit) {
    const done = await inTransaction(context, async (trx) => {
      const invoices = await trx
        .selectFrom('invoices')
        .innerJoin('subscriptions', 'subscriptions.id', 'invoices.subscription_id')
        .selectAll('invoices')
        .select(['subscriptions.time_zone', 'subscriptions.plan'])
        .where('invoices.announced_at', 'is', null)
        .orderBy('invoices.created_at')
        .orderBy('invoices.id')
        .limit(Math.min(BATCH, limit - handled))
        .forUpdate('invoices')
        .skipLocked()
        .execute();
      for (const invoice of invoices) {
        if (invoice.total !== 0n || invoice.subtotal !== 0n) {
          const plan = invoice.plan as { collection?: { method?: string } } | null;
          await notify(context, trx, {
            orgId: invoice.org_id,
            kind: 'invoice_issued',
            locationId: invoice.location_id,
            at: invoice.issued_at,
            content: invoiceIssuedEmail({
              number: invoice.number,
              issuedAt: invoice.issued_at,
              dueAt: invoice.due_at,
              total: invoice.total,
              amountDue: amountDue(invoice),
              amountPaid: invoice.amount_paid,
              currency: invoice.currency,
              timeZone: invoice.time_zone,
              chargedToCard: plan?.collection?.method === 'charge_automatically',
              url: consoleLink(context, `invoices/${invoice.id}`),
            }),
            attachments: [{ kind: 'invoice_pdf', invoiceId: invoice.id }],
            dedupKey: `invoice_issued:${invoice.id}`,
          });
        }
        await emitEvent(trx, {
          orgId: invoice.org_id,
          type: 'invoice.issued',
          data: {
            invoiceId: invoice.id,
            number: invoice.number,
            subscriptionId: invoice.subscription_id,
            locationId: invoice.location_id,
            issuedAt: invoice.issued_at.toISOString(),
            dueAt: invoice.due_at.toISOString(),
            currency: invoice.currency,
            subtotal: invoice.subtotal,
            creditApplied: invoice.credit_applied,
            total: invoice.total,
            amountDue: amountDue(invoice),
            status: invoice.status,
          },
          at: invoice.issued_at,
        });
        await trx
          .updateTable('invoices')
          .set({ announced_at: context.clock() })
          .where('id', '=', invoice.id)
          .execute();
      }
      return invoices.length;
    });
    handled += done;
    if (done === 0) break;
  }
  return handled;
}
