import type { EmailContent } from '../email-content.js';
import { instantText } from '../format.js';

export interface SignInLinkData {
  readonly purpose: 'invitation' | 'reset';
  readonly inviter: string | null;
  readonly link: string;
  readonly expiresAt: Date;
  readonly timeZone: string;
}

/** A staff invitation (set a password to sign in) or a password reset: a single-use link. */
export function signInLinkEmail(data: SignInLinkData): EmailContent {
  const expires = instantText(data.expiresAt, data.timeZone);
  const invitation = data.purpose === 'invitation';
  return {
    subject: invitation ? 'You are invited: set your password to sign in' : 'Reset your password',
    blocks: [
      {
        paragraph: invitation
          ? `${data.inviter ?? 'Your organisation'} added you. Choose a password to sign in.`
          : 'Someone asked to reset the password of this account. If it was you, choose a new password; if not, ignore this message: nothing changes.',
      },
      {
        action: {
          label: invitation ? 'Set your password' : 'Choose a new password',
          url: data.link,
        },
      },
      { paragraph: `The link works once, until ${expires}.` },
    ],
  };
}
