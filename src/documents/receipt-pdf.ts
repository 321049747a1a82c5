import PDFDocument from 'pdfkit';
import { currencyExponent } from '../core/money/currency.js';
import { minorToDecimal } from '../core/money/format-minor.js';

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
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Receipt ${payment.id}`, Author: vendor.name },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const money = (amount: bigint) =>
    `${minorToDecimal(amount, currencyExponent(payment.currency))} ${payment.currency}`;
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: customer.timeZone,
  }).format(payment.at);
  pdf.font('Helvetica-Bold').fontSize(18).text(vendor.name);
  pdf.font('Helvetica').fontSize(9);
  if (vendor.address) pdf.text(vendor.address);
  pdf.moveDown();
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
  return done;
}
