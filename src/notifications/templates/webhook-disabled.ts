import type { EmailContent } from '../email-content.js';
import { instantText } from '../format.js';

export interface WebhookDisabledData {
  readonly url: string;
  readonly failingSince: Date;
  readonly lastError: string | null;
  readonly timeZone: string;
  readonly consoleUrl: string;
}

/** A webhook endpoint was turned off after failing for days. */
export function webhookDisabledEmail(data: WebhookDisabledData): EmailContent {
  return {
    subject: `Webhook endpoint turned off: ${data.url}`,
    blocks: [
      {
        paragraph: `Every delivery to ${data.url} has failed since ${instantText(data.failingSince, data.timeZone)}, so it was turned off. Events are no longer sent to it; those that failed can be sent again once it is fixed and turned back on.`,
      },
      ...(data.lastError ? [{ facts: [['Last error', data.lastError]] as const }] : []),
      { action: { label: 'Open the webhook endpoints', url: data.consoleUrl } },
    ],
  };
}
