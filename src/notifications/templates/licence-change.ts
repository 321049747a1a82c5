import type { EmailContent } from '../email-content.js';
import { instantText, moneyText } from '../format.js';

export interface LicenceChangeData {
  readonly op: 'add' | 'remove' | 'set' | 'withdraw';
  readonly seats: readonly (readonly [string, number])[];
  readonly outcome: 'applied' | 'scheduled';
  readonly effective: Date;
  readonly chargedNow: bigint;
  readonly onNextInvoice: bigint;
  readonly credited: bigint;
  readonly currency: string;
  readonly timeZone: string;
  readonly by: string;
  readonly reason: string | null;
  readonly explanation: string | null;
  readonly url: string;
}

const VERB = {
  add: 'Added',
  remove: 'Removed',
  set: 'Set to',
  withdraw: 'Removal cancelled, kept',
} as const;

/** The licence-adjustment confirmation (001): what changed, when, and what it costs. */
export function licenceChangeEmail(data: LicenceChangeData): EmailContent {
  const what = data.seats.map(([type, n]) => `${n} ${type}`).join(', ');
  const when = instantText(data.effective, data.timeZone);
  const money = (amount: bigint) => moneyText(amount, data.currency);
  return {
    subject:
      data.outcome === 'scheduled'
        ? `Licence change scheduled: ${VERB[data.op].toLowerCase()} ${what} from ${when}`
        : `Licence change confirmed: ${VERB[data.op].toLowerCase()} ${what}`,
    blocks: [
      {
        paragraph:
          data.outcome === 'scheduled'
            ? `${data.by} scheduled a licence change. It takes effect on ${when}; until then your licences stay as they are.`
            : `${data.by} changed your licences. The change took effect on ${when}.`,
      },
      {
        facts: [
          ['Change', `${VERB[data.op]} ${what}`],
          ['Effective', when],
          ['Charged now', money(data.chargedNow)],
          ['On the next invoice', money(data.onNextInvoice)],
          ['Credited', money(data.credited)],
          ...(data.reason ? [['Reason', data.reason.replaceAll('_', ' ')] as const] : []),
          ...(data.explanation ? [['Explanation', data.explanation] as const] : []),
        ],
      },
      { action: { label: 'See your licences', url: data.url } },
    ],
  };
}
