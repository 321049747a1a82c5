import PDFDocument from 'pdfkit';
import { currencyExponent } from '../core/money/currency.js';
import { minorToDecimal } from '../core/money/format-minor.js';

/** A new A4 document and the whole file once it is ended. */
export function startPdf(
  title: string,
  author: string,
): {
  pdf: PDFKit.PDFDocument;
  file: Promise<Buffer>;
} {
  const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Author: author } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const file = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, file };
}

/** An amount as exact decimal text in its currency (its ISO 4217 exponent): "300.00 USD". */
export function moneyText(amount: bigint, currency: string): string {
  return `${minorToDecimal(amount, currencyExponent(currency))} ${currency}`;
}

/** The vendor's heading: its name, and its address when it has one. */
export function vendorHeading(
  pdf: PDFKit.PDFDocument,
  vendor: { readonly name: string; readonly address: string | null },
): void {
  pdf.font('Helvetica-Bold').fontSize(18).text(vendor.name);
  pdf.font('Helvetica').fontSize(9);
  if (vendor.address) pdf.text(vendor.address);
  pdf.moveDown();
}
