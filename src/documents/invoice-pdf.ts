import { moneyText, startPdf, vendorHeading } from './pdf-document.js';

/** Everything an invoice document shows, gathered by the service. */
export interface InvoiceDocument {
  readonly vendor: { readonly name: string; readonly address: string | null };
  readonly customer: {
    readonly name: string;
    readonly clinic: string | null;
    readonly timeZone: string;
  };
  readonly invoice: {
    readonly id: string;
    readonly number: number;
    readonly issuedAt: Date;
    readonly dueAt: Date;
    readonly status: string;
    readonly currency: string;
    readonly subtotal: bigint;
    readonly creditApplied: bigint;
    readonly total: bigint;
    readonly amountPaid: bigint;
    /** Taken off by credit notes, before or after payment. */
    readonly amountCredited: bigint;
    readonly amountDue: bigint;
    readonly lines: readonly {
      readonly description: string;
      readonly from: Date;
      readonly to: Date;
      readonly amount: bigint;
      readonly cause: string;
    }[];
  };
  readonly payments: readonly {
    readonly at: Date;
    readonly amount: bigint;
    readonly status: string;
    readonly card: string | null;
    readonly failure: string | null;
  }[];
}

/**
 * The invoice as a PDF (A4): the vendor and the customer, the clinic, every line with its
 * period and its cause, subtotal, credit applied, total, paid and due, and the payments.
 * Amounts are exact decimal text in the invoice's currency (its ISO 4217 exponent), dates in
 * the organisation's time zone, in the standard PDF fonts (pdfkit's built-in metrics).
 */
export function renderInvoicePdf(document: InvoiceDocument): Promise<Buffer> {
  const { vendor, customer, invoice } = document;
  const { pdf, file } = startPdf(`Invoice ${invoice.number}`, vendor.name);
  const money = (amount: bigint) => moneyText(amount, invoice.currency);
  const day = (at: Date) =>
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: customer.timeZone,
    }).format(at);

  vendorHeading(pdf, vendor);
  pdf.font('Helvetica-Bold').fontSize(14).text(`Invoice ${invoice.number}`);
  pdf.font('Helvetica').fontSize(10);
  pdf.text(`Billed to: ${customer.name}`);
  if (customer.clinic) pdf.text(`Clinic: ${customer.clinic}`);
  pdf.text(`Issued: ${day(invoice.issuedAt)}`);
  pdf.text(`Due: ${day(invoice.dueAt)}`);
  pdf.text(`Status: ${invoice.status}`);
  pdf.text(`Reference: ${invoice.id}`);
  pdf.moveDown();

  pdf.font('Helvetica-Bold').text('Lines');
  pdf.font('Helvetica');
  for (const line of invoice.lines) {
    const y = pdf.y;
    pdf.text(line.description, 50, y, { width: 340 });
    const after = pdf.y;
    pdf.text(money(line.amount), 400, y, { width: 145, align: 'right' });
    pdf.y = Math.max(after, pdf.y);
    pdf
      .fontSize(8)
      .fillColor('#555555')
      .text(`${day(line.from)} - ${day(line.to)} · ${line.cause}`, 50, pdf.y, { width: 340 });
    pdf.fontSize(10).fillColor('#000000').moveDown(0.5);
  }
  pdf.moveDown();
  const figure = (label: string, amount: bigint, bold = false) => {
    const y = pdf.y;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(label, 300, y, { width: 100 });
    pdf.text(money(amount), 400, y, { width: 145, align: 'right' });
  };
  figure('Subtotal', invoice.subtotal);
  figure('Credit applied', -invoice.creditApplied);
  figure('Total', invoice.total, true);
  figure('Paid', invoice.amountPaid);
  if (invoice.amountCredited > 0n) figure('Credited (credit notes)', -invoice.amountCredited);
  figure('Amount due', invoice.amountDue, true);
  pdf.font('Helvetica').moveDown();

  if (document.payments.length > 0) {
    pdf.text('', 50, pdf.y).font('Helvetica-Bold').text('Payments');
    pdf.font('Helvetica');
    for (const payment of document.payments) {
      const card = payment.card ? ` by ${payment.card}` : '';
      const why = payment.failure ? ` (${payment.failure})` : '';
      pdf.text(`${day(payment.at)}: ${money(payment.amount)} ${payment.status}${card}${why}`);
    }
  }
  pdf.end();
  return file;
}
