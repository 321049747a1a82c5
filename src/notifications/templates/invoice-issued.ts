import type { EmailContent } from '../email-content.js';
import { dayText, moneyText } from '../format.js';

export interface InvoiceIssuedData {
  readonly number: number;
  readonly issuedAt: Date;
  readonly dueAt: Date;
  readonly total: bigint;
  readonly amountDue: bigint;
  /** Paid already (a purchase paid at once by card, 004). */
  readonly amountPaid: bigint;
  readonly currency: string;
  readonly timeZone: string;
  readonly chargedToCard: boolean;
  readonly url: string;
}

/** An invoice was issued; its PDF is attached. */
export function invoiceIssuedEmail(data: InvoiceIssuedData): EmailContent {
  const money = (amount: bigint) => moneyText(amount, data.currency);
  const due = dayText(data.dueAt, data.timeZone);
  return {
    subject: `Invoice ${data.number}: ${money(data.total)}${data.amountDue > 0n ? `, due ${due}` : data.amountPaid > 0n ? ', paid' : ', nothing to pay'}`,
    blocks: [
      {
        paragraph:
          data.amountDue <= 0n && data.amountPaid > 0n
            ? `Invoice ${data.number} was issued on ${dayText(data.issuedAt, data.timeZone)} and paid with your card: ${money(data.amountPaid)}. Nothing more is due.`
            : data.amountDue <= 0n
              ? `Invoice ${data.number} was issued on ${dayText(data.issuedAt, data.timeZone)}. There is nothing to pay: credit covers it.`
              : data.chargedToCard
                ? `Invoice ${data.number} was issued on ${dayText(data.issuedAt, data.timeZone)}. It is charged to your card on file; you will hear when it is paid.`
                : `Invoice ${data.number} was issued on ${dayText(data.issuedAt, data.timeZone)}. Please pay ${money(data.amountDue)} by ${due}.`,
      },
      {
        facts: [
          ['Invoice', String(data.number)],
          ['Total', money(data.total)],
          ['Amount due', money(data.amountDue)],
          ['Due', due],
        ],
      },
      { paragraph: 'The invoice is attached as a PDF.' },
      { action: { label: 'See the invoice', url: data.url } },
    ],
  };
}
