import type { EmailContent } from '../email-content.js';
import { instantText } from '../format.js';

export interface UnusedLicencesData {
  readonly unused: readonly (readonly [string, number])[];
  /** The last instant a removal is in time for the next billing cycle. */
  readonly deadline: Date;
  readonly nextCycle: Date;
  readonly timeZone: string;
  readonly url: string;
}

/** Licences bought and not assigned, before the removal deadline (002). */
export function unusedLicencesEmail(data: UnusedLicencesData): EmailContent {
  const total = data.unused.reduce((sum, [, n]) => sum + n, 0);
  const deadline = instantText(data.deadline, data.timeZone);
  return {
    subject: `${total} unused licence${total === 1 ? '' : 's'}: remove by ${deadline} to stop paying for them`,
    blocks: [
      {
        paragraph: `You are paying for licences nobody holds. To stop paying for them from the billing cycle starting ${instantText(data.nextCycle, data.timeZone)}, remove them before ${deadline}. Removed later, they are billed for that cycle too.`,
      },
      { facts: data.unused.map(([type, n]) => [`Unused ${type}`, String(n)] as const) },
      { action: { label: 'Open the health check', url: data.url } },
    ],
  };
}
