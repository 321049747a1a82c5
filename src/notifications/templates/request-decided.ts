import type { EmailContent } from '../email-content.js';

export interface RequestDecidedData {
  readonly what: string;
  readonly approved: boolean;
  readonly by: string;
  readonly note: string | null;
  readonly url: string;
}

/** The requester is told what became of their request (12, 001). */
export function requestDecidedEmail(data: RequestDecidedData): EmailContent {
  return {
    subject: data.approved
      ? `Your request was approved: ${data.what}`
      : `Your request was declined: ${data.what}`,
    blocks: [
      {
        paragraph: data.approved
          ? `${data.by} approved your request. It has been done.`
          : `${data.by} declined your request. Nothing was changed.`,
      },
      { facts: [['Request', data.what], ...(data.note ? [['Note', data.note] as const] : [])] },
      { action: { label: 'See your requests', url: data.url } },
    ],
  };
}
