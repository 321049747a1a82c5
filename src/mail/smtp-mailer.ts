import { createTransport } from 'nodemailer';
import { MailRefused, type Mailer, type OutgoingMail } from './mailer.js';

/**
 * E-mail over SMTP with nodemailer (`SMTP_URL`, e.g. `smtps://user:pass@smtp.example.com` or
 * `smtp://127.0.0.1:2525`), on a small pool of connections.
 */
export class SmtpMailer implements Mailer {
  readonly name = 'smtp';
  readonly where: string;
  private readonly transport: ReturnType<typeof createTransport>;

  constructor(url: string) {
    const parsed = new URL(url);
    this.where = `${parsed.protocol}//${parsed.host}`;
    // Pooled: connections are kept and reused across messages (nodemailer's `pool` option).
    parsed.searchParams.set('pool', 'true');
    this.transport = createTransport(parsed.toString());
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        attachments: mail.attachments.map((attachment) => ({ ...attachment })),
      });
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      if (typeof code === 'number' && code >= 500) {
        throw new MailRefused(error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
