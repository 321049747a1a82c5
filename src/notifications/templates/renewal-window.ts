import type { EmailContent } from '../email-content.js';
import { instantText } from '../format.js';

export interface RenewalWindowData {
  readonly moment: 'opening' | 'last_week';
  readonly windowStart: Date;
  readonly termEnd: Date;
  readonly timeZone: string;
  readonly url: string;
  /** The plan's rules, so the message says only what holds for it. */
  readonly purchasesBlocked: boolean;
  readonly removalsAtRenewal: boolean;
  readonly autoRenew: boolean;
}

/**
 * The renewal window of a term contract (004): it opens (no purchase until renewed, removals
 * only at renewal), and its last week (what happens if nothing is done).
 */
export function renewalWindowEmail(data: RenewalWindowData): EmailContent {
  const end = instantText(data.termEnd, data.timeZone);
  const opening = data.moment === 'opening';
  return {
    subject: opening
      ? `Your contract renews on ${end}: the renewal window is open`
      : data.autoRenew
        ? `One week until your contract renews (${end})`
        : `One week left to renew your contract (ends ${end})`,
    blocks: [
      {
        paragraph: opening
          ? [
              `The renewal window of your contract opened on ${instantText(data.windowStart, data.timeZone)}.`,
              ...(data.purchasesBlocked ? ['Until you renew, no licences can be bought.'] : []),
              ...(data.removalsAtRenewal
                ? ['Licences can be removed now, taking effect at renewal.']
                : []),
            ].join(' ')
          : data.autoRenew
            ? `Your contract ends on ${end} and renews automatically with the licences it holds. To change them for the next term, renew before then.`
            : `Your contract ends on ${end}. Renew it before then to choose the next term's licences; licences not renewed expire with the contract.`,
      },
      { facts: [['Contract ends', end]] },
      { action: { label: 'Review and renew', url: data.url } },
    ],
  };
}
