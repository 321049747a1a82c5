import { moneyText, startPdf, vendorHeading } from './pdf-document.js';

export interface CreditNoteDocument {
  readonly vendor: { readonly name: string; readonly address: string | null };
  readonly customer: {
    readonly name: string;
    readonly clinic: string | null;
    readonly timeZone: string;
  };
  readonly note: {
    readonly number: string;
    readonly issuedAt: Date;
    readonly currency: string;
    readonly amount: bigint;
    readonly prePayment: bigint;
    readonly refund: bigint;
    readonly balance: bigint;
    readonly reason: string;
    readonly memo: string | null;
    readonly invoiceNumber: number;
    readonly invoiceTotal: bigint;
  };
}

/** A credit note (A4 PDF): the invoice it corrects, by how much, why, and where the money went. */
export function renderCreditNotePdf(document: CreditNoteDocument): Promise<Buffer> {
  const { vendor, customer, note } = document;
  const { pdf, file } = startPdf(`Credit note ${note.number}`, vendor.name);
  const money = (amount: bigint) => moneyText(amount, note.currency);
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeZone: customer.timeZone,
  }).format(note.issuedAt);
  vendorHeading(pdf, vendor);
  pdf.font('Helvetica-Bold').fontSize(14).text(`Credit note ${note.number}`);
  pdf.font('Helvetica').fontSize(10);
  pdf.text(`Issued to: ${customer.name}${customer.clinic ? `, ${customer.clinic}` : ''}`);
  pdf.text(`Issued on: ${when}`);
  pdf.text(`Corrects invoice ${note.invoiceNumber} (total ${money(note.invoiceTotal)})`);
  pdf.text(`Reason: ${note.reason}${note.memo ? ` (${note.memo})` : ''}`);
  pdf.moveDown();
  pdf.font('Helvetica-Bold').text(`Credited: ${money(note.amount)}`);
  pdf.font('Helvetica');
  if (note.prePayment > 0n) pdf.text(`Taken off the amount due: ${money(note.prePayment)}`);
  if (note.refund > 0n) pdf.text(`Refunded to the card: ${money(note.refund)}`);
  if (note.balance > 0n) pdf.text(`Added to the credit balance: ${money(note.balance)}`);
  pdf.end();
  return file;
}
