import type { EmailContent } from '../email-content.js';

export interface PermissionsChangedData {
  readonly staffName: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly sessionsEnded: boolean;
  readonly by: string;
}

/** A staff member's permissions changed (003); when they were signed in, they were signed out. */
export function permissionsChangedEmail(data: PermissionsChangedData): EmailContent {
  const list = (items: readonly string[]) => (items.length ? items.join(', ') : 'none');
  return {
    subject: 'Your permissions have changed',
    blocks: [
      { paragraph: `${data.by} changed your permissions.` },
      {
        facts: [
          ['Given', list(data.added)],
          ['Taken away', list(data.removed)],
        ],
      },
      ...(data.sessionsEnded
        ? [
            {
              paragraph:
                'You were signed out everywhere: sign in again to continue with your new permissions.',
            },
          ]
        : []),
    ],
  };
}
