import type { EmailContent } from '../email-content.js';
import { moneyText } from '../format.js';

export interface PaymentOutcomeData {
  readonly outcome: 'succeeded' | 'failed';
  readonly invoiceNumber: number;
  readonly amount: bigint;
  readonly currency: string;
  readonly timeZone: string;
  readonly card: string | null;
  readonly reason: string | null;
  readonly url: string;
}

/** A payment of an invoice went through, or was declined (with the bank's reason). */
export function paymentOutcomeEmail(data: PaymentOutcomeData): EmailContent {
  const amount = moneyText(data.amount, data.currency);
  const card = data.card ?? 'your card';
  if (data.outcome === 'succeeded') {
    return {
      subject: `Payment received: ${amount} for invoice ${data.invoiceNumber}`,
      blocks: [
        {
          paragraph: `Thank you: ${amount} was charged to ${card} for invoice ${data.invoiceNumber}.`,
        },
        { action: { label: 'See the invoice and its receipt', url: data.url } },
      ],
    };
  }
  return {
    subject: `Payment failed: ${amount} for invoice ${data.invoiceNumber}`,
    blocks: [
      {
        paragraph: `We could not charge ${amount} to ${card} for invoice ${data.invoiceNumber}${data.reason ? `: ${data.reason}` : ''}.`,
      },
      {
        paragraph: 'Please check the card or add another, then pay the invoice from its page.',
      },
      { action: { label: 'Pay the invoice', url: data.url } },
    ],
  };
}
