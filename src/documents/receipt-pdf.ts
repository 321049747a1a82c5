import { moneyText, startPdf, vendorHeading } from './pdf-document.js';

export interface ReceiptDocument {
  readonly vendor: { readonly name: string; readonly address: string | null };
  readonly customer: { readonly name: string; readonly timeZone: string };
  readonly payment: {
    readonly id: string;
    readonly at: Date;
    readonly amount: bigint;
    readonly currency: string;
    readonly card: string | null;
    readonly invoiceNumber: number;
    readonly invoiceTotal: bigint;
    readonly invoiceDue: bigint;
  };
}

/** A receipt for one payment (A4 PDF): who paid whom, how much, when, with which card, for which invoice. */
export function renderReceiptPdf(document: ReceiptDocument): Promise<Buffer> {
  const { vendor, customer, payment } = document;
  const { pdf, file } = startPdf(`Receipt ${payment.id}`, vendor.name);
  const money = (amount: bigint) => moneyText(amount, payment.currency);
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: customer.timeZone,
  }).format(payment.at);
  vendorHeading(pdf, vendor);
  pdf.font('Helvetica-Bold').fontSize(14).text('Receipt');
  pdf.font('Helvetica').fontSize(10);
  pdf.text(`Received from: ${customer.name}`);
  pdf.text(`Amount paid: ${money(payment.amount)}`);
  pdf.text(`Paid on: ${when}`);
  if (payment.card) pdf.text(`Paid with: ${payment.card}`);
  pdf.text(`For invoice ${payment.invoiceNumber} (total ${money(payment.invoiceTotal)})`);
  pdf.text(`Still due on the invoice: ${money(payment.invoiceDue)}`);
  pdf.text(`Reference: ${payment.id}`);
  pdf.end();
  return file;
}
