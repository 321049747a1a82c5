import Stripe from 'stripe';
import { AppError } from '../app/app-error.js';
import {
  GatewaySignatureError,
  type AttachedCard,
  type ChargeOutcome,
  type ChargeRequest,
  type GatewayDecline,
  type GatewayEvent,
  type PaymentGateway,
  type RefundOutcome,
  type RefundRequest,
} from './gateway.js';

/** Where the Stripe API is: api.stripe.com, or a local server answering as it (tests). */
export interface StripeOptions {
  readonly secretKey: string;
  /** e.g. `http://127.0.0.1:12111`; Stripe's own API when absent. */
  readonly apiBase?: string | undefined;
  /** The webhook endpoint's signing secret (`whsec_...`): events are taken only with it. */
  readonly webhookSecret?: string | undefined;
  /** `pk_...`: the console's card form on Stripe.js (Stripe's card element). */
  readonly publishableKey?: string | undefined;
}

/**
 * The gateway port on Stripe, through the official `stripe` package: the organisation is a
 * Customer; a card is a PaymentMethod made by Stripe.js in the browser (its `pm_...` id is
 * the token) and attached to the Customer; a charge is a PaymentIntent confirmed off
 * session, sent with our idempotency key (Stripe answers a repeated key with the first
 * answer) and that key in its metadata, so a charge whose answer was lost is found again by
 * a search. Chosen by `STRIPE_SECRET_KEY`.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';
  private readonly stripe: Stripe;
  readonly readEvent?: (payload: Buffer, signature: string) => GatewayEvent;
  readonly publishableKey: string | undefined;

  constructor(options: StripeOptions) {
    this.publishableKey = options.publishableKey;
    const secret = options.webhookSecret;
    if (secret) this.readEvent = (payload, signature) => this.verified(payload, signature, secret);
    const base = options.apiBase ? new URL(options.apiBase) : null;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === 'http:' ? 80 : 443)),
            protocol: base.protocol === 'http:' ? 'http' : 'https',
          }
        : {}),
    });
  }

  async createCustomer(input: { reference: string; name: string }): Promise<string> {
    const customer = await this.stripe.customers.create(
      { name: input.name, metadata: { seatledger_organization: input.reference } },
      { idempotencyKey: `seatledger-customer-${input.reference}` },
    );
    return customer.id;
  }

  async attachCard(input: {
    customer: string;
    token: string;
  }): Promise<AttachedCard | GatewayDecline> {
    try {
      const method = await this.stripe.paymentMethods.attach(input.token, {
        customer: input.customer,
      });
      const card = method.card;
      if (!card) return { ok: false, code: 'not_a_card', message: 'Only cards are accepted.' };
      return {
        ok: true,
        method: method.id,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.exp_month,
        expYear: card.exp_year,
      };
    } catch (error) {
      return declineOf(error);
    }
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    // Stripe takes amounts as JSON numbers: exact only up to 2^53 (far above any it accepts).
    if (request.amount > BigInt(Number.MAX_SAFE_INTEGER)) {
      return {
        status: 'failed',
        reference: null,
        code: 'amount_too_large',
        message: 'The amount is too large to charge to a card.',
      };
    }
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: Number(request.amount),
          currency: request.currency.toLowerCase(),
          customer: request.customer,
          payment_method: request.method,
          off_session: true,
          confirm: true,
          description: request.description,
          metadata: { seatledger_key: request.idempotencyKey },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return outcomeOf(intent);
    } catch (error) {
      // The same key still being answered (a concurrent attempt): nothing is charged twice,
      // and this request says so instead of failing.
      // Stripe answers 409 with an idempotency_error while the first request is in progress.
      if (error instanceof Stripe.errors.StripeError && error.rawType === 'idempotency_error') {
        throw new AppError(
          'payment_in_progress',
          'A payment of this invoice is being made: try again in a moment',
        );
      }
      const decline = declineOf(error);
      const intent = (error as { payment_intent?: { id?: string } }).payment_intent;
      return {
        status: 'failed',
        reference: intent?.id ?? null,
        code: decline.code,
        message: decline.message,
      };
    }
  }

  /** Verify a webhook's `Stripe-Signature` on its raw body (Stripe's own check), then read it. */
  private verified(payload: Buffer, signature: string, secret: string): GatewayEvent {
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(payload, signature, secret);
    } catch (error) {
      throw new GatewaySignatureError(error instanceof Error ? error.message : String(error));
    }
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.processing':
      case 'payment_intent.canceled': {
        const intent = event.data.object;
        return {
          id: event.id,
          kind: 'charge',
          key: intent.metadata['seatledger_key'] ?? null,
          outcome: outcomeOf(intent),
        };
      }
      case 'refund.created':
      case 'refund.updated':
      case 'refund.failed': {
        const refund = event.data.object;
        return {
          id: event.id,
          kind: 'refund',
          key: refund.metadata?.['seatledger_key'] ?? null,
          reference: refund.id,
          outcome: refundOutcomeOf(refund),
        };
      }
      default:
        return { id: event.id, kind: 'other', type: event.type };
    }
  }

  async findCharge(idempotencyKey: string): Promise<ChargeOutcome | null> {
    const found = await this.stripe.paymentIntents.search({
      query: `metadata['seatledger_key']:'${idempotencyKey.replaceAll("'", '')}'`,
      limit: 1,
    });
    const intent = found.data[0];
    return intent ? outcomeOf(intent) : null;
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    if (request.amount !== null && request.amount > BigInt(Number.MAX_SAFE_INTEGER)) {
      return {
        status: 'failed',
        code: 'amount_too_large',
        message: 'The amount is too large to refund.',
      };
    }
    try {
      const refund = await this.stripe.refunds.create(
        {
          payment_intent: request.reference,
          ...(request.amount === null ? {} : { amount: Number(request.amount) }),
          metadata: { seatledger_key: request.idempotencyKey },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      // Succeeded, or pending at the card network: Stripe has taken it and will pay it out.
      return refundOutcomeOf(refund);
    } catch (error) {
      // Stripe refused the request itself (already refunded, more than is left): an answer.
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        return {
          status: 'failed',
          code: error.code ?? 'refund_refused',
          message: error.message,
        };
      }
      throw error;
    }
  }
}

/** A refund as the port sees it: taken (succeeded, or pending at the card network) or not. */
function refundOutcomeOf(refund: Stripe.Refund): RefundOutcome {
  if (refund.status === 'failed' || refund.status === 'canceled') {
    return {
      status: 'failed',
      code: refund.failure_reason ?? refund.status,
      message: `The refund ${refund.status === 'failed' ? 'failed' : 'was canceled'}.`,
    };
  }
  return { status: 'succeeded', reference: refund.id };
}

function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  if (intent.status === 'succeeded') return { status: 'succeeded', reference: intent.id };
  if (intent.status === 'processing') return { status: 'pending', reference: intent.id };
  const error = intent.last_payment_error;
  return {
    status: 'failed',
    reference: intent.id,
    code: error?.decline_code ?? error?.code ?? intent.status,
    message: error?.message ?? `The payment was not completed (${intent.status}).`,
  };
}

/** A card error as a decline with the issuer's reason; anything else is not ours to answer. */
function declineOf(error: unknown): GatewayDecline {
  if (error instanceof Stripe.errors.StripeCardError) {
    return {
      ok: false,
      code: error.decline_code ?? error.code ?? 'card_declined',
      message: error.message,
    };
  }
  throw error;
}
