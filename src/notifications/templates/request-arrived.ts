import type { EmailContent } from '../email-content.js';

export interface RequestArrivedData {
  readonly requester: string;
  readonly what: string;
  readonly explanation: string | null;
  readonly url: string;
}

/** A member asked for licences (12, 001): those who may decide are told. */
export function requestArrivedEmail(data: RequestArrivedData): EmailContent {
  return {
    subject: `${data.requester} asks to ${data.what}`,
    blocks: [
      {
        paragraph: `${data.requester} asks to ${data.what}. The request waits for a licence manager: the console shows what approving it costs now.`,
      },
      ...(data.explanation ? [{ facts: [['Why', data.explanation] as const] }] : []),
      { action: { label: 'Decide', url: data.url } },
    ],
  };
}
