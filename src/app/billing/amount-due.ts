import type { InvoiceStatus } from '../../store/schema.js';

/**
 * What is left to pay of an invoice: its total, less what was paid and what credit notes
 * took off before payment; nothing once it is no longer open. The one place this is worked out.
 */
export function amountDue(invoice: {
  readonly status: InvoiceStatus;
  readonly total: bigint;
  readonly amount_paid: bigint;
  readonly amount_credited: bigint;
}): bigint {
  if (invoice.status !== 'open') return 0n;
  const due = invoice.total - invoice.amount_paid - invoice.amount_credited;
  return due > 0n ? due : 0n;
}
