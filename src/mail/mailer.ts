/**
 * The mail port: what Seatledger asks of whatever carries its e-mail. A message carries its
 * own Message-ID (`<message id@host>`), the same on every attempt, so a message sent again
 * after a crash is recognisable as the same message by anyone who receives it twice.
 */
export interface OutgoingMail {
  readonly messageId: string;
  readonly from: string;
  readonly to: { readonly name: string | null; readonly address: string };
  readonly subject: string;
  readonly text: string;
  /** Empty for a text-only message. */
  readonly html: string;
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Buffer;
  }[];
}

export interface Mailer {
  /** `smtp` or `mailbox`. */
  readonly name: string;
  /** Where messages go, for the operator: the SMTP host, or the mailbox folder. */
  readonly where: string;
  /**
   * Hand one message on. Resolves once it is accepted; rejects with a `MailRefused` when the
   * receiving side refused it for good (a 5xx), or any other error when it may be tried again.
   */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

/** Refused for good by the receiving server (an SMTP 5xx): trying again will not help. */
export class MailRefused extends Error {}
