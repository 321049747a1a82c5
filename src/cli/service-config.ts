import { join } from 'node:path';
import type { Mailer } from '../mail/mailer.js';
import { MailboxMailer } from '../mail/mailbox-mailer.js';
import { SmtpMailer } from '../mail/smtp-mailer.js';
import type { PaymentGateway } from '../payments/gateway.js';
import { StripeGateway } from '../payments/stripe-gateway.js';
/** Settings read from the environment, in one place. */
export interface ServiceConfig {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly demo: boolean;
  readonly poolSize: number;
  /** TRUST_PROXY: "true" or the proxy addresses (comma-separated) of a TLS-terminating proxy. */
  readonly trustProxy: boolean | string;
  /** RATE_LIMITS=off turns the limits on anonymous requests off (load tests only). */
  readonly rateLimits: boolean;
  /**
   * STRIPE_SECRET_KEY (and STRIPE_API_BASE): cards through Stripe, not the test gateway;
   * STRIPE_WEBHOOK_SECRET: Stripe's signed events taken at POST /v1/webhooks/stripe;
   * STRIPE_PUBLISHABLE_KEY: the console's card form on Stripe.js.
   */
  readonly stripe: {
    readonly secretKey: string;
    readonly apiBase: string | undefined;
    readonly webhookSecret: string | undefined;
    readonly publishableKey: string | undefined;
  } | null;
  /** VENDOR_NAME and VENDOR_ADDRESS: who the invoices come from (their PDF's heading). */
  readonly vendor: { readonly name: string; readonly address: string | null };
  /**
   * SMTP_URL: e-mail over SMTP; without it, every message is written to MAILBOX_DIR (default
   * DATA_DIR/mailbox) as an .eml file. MAIL_FROM: the sender. PUBLIC_URL: links in messages.
   */
  readonly mail: {
    readonly smtpUrl: string | undefined;
    readonly mailboxDir: string;
    readonly from: string | undefined;
    readonly publicUrl: string;
    /** WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1: webhooks may reach private and loopback addresses. */
    readonly allowPrivateWebhooks: boolean;
  };
}

export function readServiceConfig(env: NodeJS.ProcessEnv): ServiceConfig {
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env['PORT']}`);
  return {
    databaseUrl: env['DATABASE_URL'] || undefined,
    dataDir: env['DATA_DIR'] ?? './data',
    port,
    host: env['HOST'] ?? '127.0.0.1',
    demo: env['SEATLEDGER_DEMO'] !== '0',
    poolSize: Number(env['DATABASE_POOL_SIZE'] ?? 10) || 10,
    trustProxy: readTrustProxy(env['TRUST_PROXY']),
    rateLimits: env['RATE_LIMITS'] !== 'off',
    stripe: env['STRIPE_SECRET_KEY']
      ? {
          secretKey: env['STRIPE_SECRET_KEY'],
          apiBase: env['STRIPE_API_BASE'] || undefined,
          webhookSecret: env['STRIPE_WEBHOOK_SECRET'] || undefined,
          publishableKey: env['STRIPE_PUBLISHABLE_KEY'] || undefined,
        }
      : null,
    vendor: {
      name: (env['VENDOR_NAME'] ?? '').trim().slice(0, 200) || 'Seatledger',
      address: (env['VENDOR_ADDRESS'] ?? '').trim().slice(0, 500) || null,
    },
    mail: {
      smtpUrl: env['SMTP_URL'] || undefined,
      mailboxDir: env['MAILBOX_DIR'] || join(env['DATA_DIR'] ?? './data', 'mailbox'),
      from: env['MAIL_FROM'] || undefined,
      publicUrl: env['PUBLIC_URL'] || `http://${env['HOST'] ?? '127.0.0.1'}:${port}`,
      allowPrivateWebhooks: env['WEBHOOKS_ALLOW_PRIVATE_NETWORKS'] === '1',
    },
  };
}

/** What carries e-mail: SMTP with SMTP_URL, else the local mailbox folder; and the links' base. */
export function configuredMail(config: ServiceConfig): {
  mailer: Mailer;
  publicUrl: string;
  mailFrom?: string;
  allowPrivateWebhooks: boolean;
} {
  const mailer = config.mail.smtpUrl
    ? new SmtpMailer(config.mail.smtpUrl)
    : new MailboxMailer(config.mail.mailboxDir);
  return {
    mailer,
    publicUrl: config.mail.publicUrl,
    ...(config.mail.from ? { mailFrom: config.mail.from } : {}),
    allowPrivateWebhooks: config.mail.allowPrivateWebhooks,
  };
}

function readTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  return value === 'true' || value === '1' ? true : value;
}

/** The payment gateway the settings choose: Stripe with a key, else none (the test gateway). */
export function configuredGateway(config: ServiceConfig): { gateway?: PaymentGateway } {
  return config.stripe ? { gateway: new StripeGateway(config.stripe) } : {};
}
