import { AppError } from '../app-error.js';
import { lockInvoice } from './invoice-queries.js';
import { audit } from '../audit.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { organizationNow, loadOrganization } from '../organizations/organization-clock.js';

/**
 * The vendor closes an open invoice without its being paid (10): `void` (issued in error;
 * nothing was paid against it) or `uncollectible` (written off). Its amounts never change,
 * its collection stops, and the audit log names the operator and the reason. Only the
 * vendor's operator, acting for the organisation, may.
 */
export async function closeInvoice(
  context: AppContext,
  actor: Actor,
  invoiceId: string,
  status: 'void' | 'uncollectible',
  reason: string,
) {
  return inTransaction(context, async (trx) => {
    // Another organisation's invoice is not found, whoever asks.
    const invoice = await lockInvoice(trx, actor.orgId, invoiceId);
    if (actor.kind !== 'operator') {
      throw new AppError(
        'forbidden',
        "Only the vendor's operator may void an invoice or mark it uncollectible",
      );
    }
    const pending = await trx
      .selectFrom('payments')
      .select('id')
      .where('invoice_id', '=', invoice.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (invoice.status !== 'open' || pending) {
      throw new AppError(
        'invoice_not_open',
        pending
          ? `Invoice ${invoice.number} has a payment in progress`
          : `Invoice ${invoice.number} is ${invoice.status}`,
        null,
        { status: invoice.status },
      );
    }
    if (status === 'void' && invoice.amount_paid > 0n) {
      throw new AppError(
        'conflict',
        `Invoice ${invoice.number} is partly paid: it can be marked uncollectible, not void`,
      );
    }
    await trx
      .updateTable('invoices')
      .set({ status, next_attempt_at: null })
      .where('id', '=', invoice.id)
      .execute();
    const now = organizationNow(context, await loadOrganization(trx, actor.orgId));
    await audit(trx, actor, now, {
      action: status === 'void' ? 'invoice.voided' : 'invoice.marked_uncollectible',
      subject: invoice.id,
      before: { status: invoice.status },
      after: { status },
      reason,
    });
    return { id: invoice.id, number: invoice.number, status };
  });
}
