/**
 * The payment gateway port: what Seatledger asks of a card processor. The server never sees
 * or keeps a card number: the browser gives the card to the gateway (its tokenisation) and
 * sends us a single-use token, which we attach to the organisation as a customer of the
 * gateway; we keep the gateway's reference, the brand, the last four digits and the expiry.
 * A charge carries an idempotency key: asked again with the same key, the gateway answers
 * with the first charge's outcome and never charges twice.
 */
export interface PaymentGateway {
  /** `test` (the embedded default) or `stripe`. */
  readonly name: string;
  /** The key a browser tokenises cards with at the gateway itself (Stripe.js), when it does. */
  readonly publishableKey?: string | undefined;
  createCustomer(input: { readonly reference: string; readonly name: string }): Promise<string>;
  /** Attach a tokenised card to the customer; a card the issuer declines is refused here. */
  attachCard(input: {
    readonly customer: string;
    readonly token: string;
  }): Promise<AttachedCard | GatewayDecline>;
  charge(input: ChargeRequest): Promise<ChargeOutcome>;
  /** What a charge asked with this key came to; null when the gateway never had it. */
  findCharge(idempotencyKey: string): Promise<ChargeOutcome | null>;
  /**
   * Give a succeeded charge back, in full or in part (`amount`, at most what is left of it).
   * Asked again with the same idempotency key, the gateway answers with the first refund's
   * outcome and refunds nothing more.
   */
  refund(request: RefundRequest): Promise<RefundOutcome>;
  /**
   * An event the gateway sent us (a webhook), once its signature is verified against the
   * raw body; throws `GatewaySignatureError` when it is not. Absent: the gateway sends none.
   */
  readEvent?(payload: Buffer, signature: string): GatewayEvent;
}

/** A webhook whose signature does not verify: not the gateway's, or altered, or too old. */
export class GatewaySignatureError extends Error {}

/** What a verified gateway event says about our charges and refunds. */
export type GatewayEvent =
  | {
      readonly id: string;
      readonly kind: 'charge';
      /** The idempotency key we charged with, when the gateway kept it. */
      readonly key: string | null;
      readonly outcome: ChargeOutcome;
    }
  | {
      readonly id: string;
      readonly kind: 'refund';
      readonly key: string | null;
      /** The gateway's refund. */
      readonly reference: string;
      readonly outcome: RefundOutcome;
    }
  | { readonly id: string; readonly kind: 'other'; readonly type: string };

export interface RefundRequest {
  /** The charge's reference, as `charge` answered it. */
  readonly reference: string;
  /** In minor units of the charge's currency; null for what is left of the charge. */
  readonly amount: bigint | null;
  readonly idempotencyKey: string;
}

export type RefundOutcome =
  | { readonly status: 'succeeded'; readonly reference: string }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };

export interface AttachedCard {
  readonly ok: true;
  readonly method: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
}

export interface GatewayDecline {
  readonly ok: false;
  /** The gateway's decline code, such as `card_declined` or `insufficient_funds`. */
  readonly code: string;
  readonly message: string;
}

export interface ChargeRequest {
  readonly customer: string;
  readonly method: string;
  /** In minor units of `currency`. */
  readonly amount: bigint;
  readonly currency: string;
  readonly idempotencyKey: string;
  readonly description: string;
}

export type ChargeOutcome =
  | { readonly status: 'succeeded'; readonly reference: string }
  /** Taken, not yet decided (a payment processing): the gateway's event will say. */
  | { readonly status: 'pending'; readonly reference: string }
  | {
      readonly status: 'failed';
      readonly reference: string | null;
      readonly code: string;
      readonly message: string;
    };
