import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  readonly raw: Buffer;
  readonly mail: ParsedMail;
  readonly to: string[];
}

export interface SmtpReceiver {
  readonly url: string;
  readonly received: Received[];
  /** Answer the next messages with this SMTP reply instead of accepting them. */
  refuseWith(code: number | null): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package), keeping every message it accepts,
 * parsed with `mailparser`. `delayMs` slows each message down (a worker can be killed mid-run).
 */
export async function startSmtpReceiver(delayMs = 0): Promise<SmtpReceiver> {
  const received: Received[] = [];
  let refusal: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusal !== null) {
          const error = Object.assign(new Error('Refused by the test server'), {
            responseCode: refusal,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((address) => address.address);
        void simpleParser(raw).then((mail) => {
          received.push({ raw, mail, to });
          setTimeout(() => callback(), delayMs);
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseWith: (code) => (refusal = code),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
