import type { Selectable } from 'kysely';
import { renderCreditNotePdf } from '../../documents/credit-note-pdf.js';
import type { CreditNotesTable, RefundsTable } from '../../store/schema.js';
import { notFound } from '../app-error.js';
import { requireScope, type Actor, type AppContext } from '../context.js';
import { requireInvoice } from './invoice-queries.js';

type CreditNoteRow = Selectable<CreditNotesTable>;
type RefundRow = Selectable<RefundsTable>;

function refundView(row: RefundRow) {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    createdAt: row.created_at.toISOString(),
    settledAt: row.settled_at?.toISOString() ?? null,
  };
}

export function creditNoteView(row: CreditNoteRow, refunds: readonly RefundRow[]) {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    number: row.number,
    currency: row.currency,
    amount: row.amount,
    prePaymentAmount: row.pre_payment_amount,
    refundAmount: row.refund_amount,
    balanceAmount: row.balance_amount,
    reason: row.reason,
    memo: row.memo,
    creditEventId: row.credit_event_id,
    createdAt: row.created_at.toISOString(),
    refunds: refunds.map(refundView),
  };
}

async function refundsOf(context: AppContext, noteIds: readonly string[]) {
  if (noteIds.length === 0) return [];
  return context.store.db
    .selectFrom('refunds')
    .selectAll()
    .where('credit_note_id', 'in', noteIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getCreditNote(context: AppContext, actor: Actor, creditNoteId: string) {
  requireScope(actor, 'billing:read');
  const row = await context.store.db
    .selectFrom('credit_notes')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', creditNoteId)
    .executeTakeFirst();
  if (!row) throw notFound('Credit note', 'creditNoteId');
  return creditNoteView(row, await refundsOf(context, [row.id]));
}

/** An invoice's credit notes, oldest first. */
export async function listCreditNotes(context: AppContext, actor: Actor, invoiceId: string) {
  requireScope(actor, 'billing:read');
  await requireInvoice(context.store.db, actor.orgId, invoiceId);
  const rows = await context.store.db
    .selectFrom('credit_notes')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const refunds = await refundsOf(
    context,
    rows.map((row) => row.id),
  );
  return {
    data: rows.map((row) =>
      creditNoteView(
        row,
        refunds.filter((refund) => refund.credit_note_id === row.id),
      ),
    ),
  };
}

/** A credit note as a PDF: the vendor, the customer, the invoice corrected, and where the money went. */
export async function creditNotePdf(context: AppContext, actor: Actor, creditNoteId: string) {
  requireScope(actor, 'billing:read');
  const row = await context.store.db
    .selectFrom('credit_notes')
    .innerJoin('invoices', 'invoices.id', 'credit_notes.invoice_id')
    .innerJoin('organizations', 'organizations.id', 'credit_notes.org_id')
    .leftJoin('locations', 'locations.id', 'invoices.location_id')
    .selectAll('credit_notes')
    .select([
      'invoices.number as invoice_number',
      'invoices.total as invoice_total',
      'organizations.name as org_name',
      'organizations.time_zone as time_zone',
      'locations.name as clinic',
    ])
    .where('credit_notes.org_id', '=', actor.orgId)
    .where('credit_notes.id', '=', creditNoteId)
    .executeTakeFirst();
  if (!row) throw notFound('Credit note', 'creditNoteId');
  const file = await renderCreditNotePdf({
    vendor: context.vendor ?? { name: 'Seatledger', address: null },
    customer: { name: row.org_name, clinic: row.clinic, timeZone: row.time_zone },
    note: {
      number: row.number,
      issuedAt: row.created_at,
      currency: row.currency,
      amount: row.amount,
      prePayment: row.pre_payment_amount,
      refund: row.refund_amount,
      balance: row.balance_amount,
      reason: row.reason.replaceAll('_', ' '),
      memo: row.memo,
      invoiceNumber: row.invoice_number,
      invoiceTotal: row.invoice_total,
    },
  });
  return { file, name: `credit-note-${row.number}.pdf` };
}
