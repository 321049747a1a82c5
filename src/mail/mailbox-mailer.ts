import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Mailer, OutgoingMail } from './mailer.js';

/**
 * The embedded default, with no SMTP server configured: each message is written, whole (the
 * same bytes SMTP would carry), as an .eml file in a folder the operator can open with any
 * mail reader. Named by the message's id: a message written again (a retry after a crash)
 * replaces its own file, never adds a second one. Written to a temporary name, then renamed.
 */
export class MailboxMailer implements Mailer {
  readonly name = 'mailbox';
  readonly where: string;
  private readonly transport = createTransport({ streamTransport: true, buffer: true });

  constructor(directory: string) {
    this.where = resolve(directory);
    mkdirSync(this.where, { recursive: true });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail({
      messageId: mail.messageId,
      from: mail.from,
      to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      attachments: mail.attachments.map((attachment) => ({ ...attachment })),
    });
    const raw = info.message;
    if (!Buffer.isBuffer(raw)) throw new Error('the message was not composed');
    const name = mail.messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_');
    const file = join(this.where, `${name}.eml`);
    writeFileSync(`${file}.tmp`, raw);
    renameSync(`${file}.tmp`, file);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
