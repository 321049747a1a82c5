import { useSession } from '../session';
import { useCreditNotes } from '../queries/invoices';
import { Loaded } from './states';

/** Where a credit note's money went, in words. */
function destinations(
  note: {
    prePaymentAmount: number;
    refundAmount: number;
    balanceAmount: number;
    refunds: { status: string }[];
  },
  money: (amount: number) => string,
): string {
  const parts: string[] = [];
  if (note.prePaymentAmount > 0) parts.push(`${money(note.prePaymentAmount)} off the amount due`);
  if (note.refundAmount > 0) {
    const failed = note.refunds.some((refund) => refund.status === 'failed');
    const pending = note.refunds.some((refund) => refund.status === 'pending');
    const state = failed
      ? 'refund refused, to be retried'
      : pending
        ? 'refund on its way'
        : 'refunded';
    parts.push(`${money(note.refundAmount)} to the card (${state})`);
  }
  if (note.balanceAmount > 0) parts.push(`${money(note.balanceAmount)} to your credit balance`);
  return parts.join(', ');
}

/** An invoice's credit notes (corrections by the vendor), each with where the money went and its PDF. */
export function CreditNotes({ invoiceId }: { invoiceId: string }) {
  const { money, date } = useSession();
  const notes = useCreditNotes(invoiceId);
  return (
    <Loaded load={notes}>
      {(list) =>
        list.data.length === 0 ? null : (
          <ul className="payments" aria-label="Credit notes">
            {list.data.map((note) => (
              <li key={note.id}>
                Credit note {note.number}, {date(note.createdAt)}: {money(note.amount)} (
                {note.reason.replaceAll('_', ' ')}): {destinations(note, money)}.{' '}
                <a href={`/v1/credit-notes/${note.id}.pdf`} target="_blank" rel="noreferrer">
                  Credit note PDF
                </a>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}
