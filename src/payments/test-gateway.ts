import { sql } from 'kysely';
import { newId } from '../app/ids.js';
import type { Db } from '../app/context.js';
import type {
  AttachedCard,
  ChargeOutcome,
  ChargeRequest,
  GatewayDecline,
  PaymentGateway,
  RefundOutcome,
  RefundRequest,
} from './gateway.js';

/**
 * What a test card does, by Stripe's documented test numbers: 4242 4242 4242 4242 succeeds;
 * 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 is declined for insufficient funds;
 * 4000 0000 0000 0341 attaches but every charge fails. Any other number that passes the Luhn
 * check behaves as 4242; one that does not is refused at tokenisation.
 */
const BEHAVIOURS: Readonly<Record<string, string>> = {
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000341': 'fails_when_charged',
};

const DECLINES: Readonly<Record<string, GatewayDecline>> = {
  declined: { ok: false, code: 'card_declined', message: 'Your card was declined.' },
  insufficient_funds: {
    ok: false,
    code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  fails_when_charged: { ok: false, code: 'card_declined', message: 'Your card was declined.' },
};

export interface CardDetails {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly cvc: string;
}

/** Why card details cannot be tokenised, naming the field; null when they can. */
export function cardProblem(
  card: CardDetails,
  now: Date,
): { field: string; message: string } | null {
  const digits = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits)) {
    return { field: 'number', message: 'The card number is not valid' };
  }
  if (!/^\d{3,4}$/.test(card.cvc)) return { field: 'cvc', message: 'The CVC is 3 or 4 digits' };
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (card.expYear < year || (card.expYear === year && card.expMonth < month)) {
    return { field: 'expYear', message: 'The card has expired' };
  }
  return null;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(digits) || /^2[2-7]/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  return 'card';
}

/**
 * The embedded test gateway: the default, so `npm start` takes cards with no account. It
 * plays the card processor's side: its tokenisation endpoint takes card details and keeps
 * only what a processor shows back (brand, last four, expiry) and the test number's
 * behaviour; the number itself is dropped. Its records live in its own tables, each call in
 * its own transaction, as a remote service's would: a charge asked twice with one
 * idempotency key is charged once.
 */
export class TestGateway implements PaymentGateway {
  readonly name = 'test';

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** Tokenise card details (the browser's call): a single-use token, never the number kept. */
  async tokenize(card: CardDetails): Promise<{ token: string; brand: string; last4: string }> {
    const digits = card.number.replace(/[\s-]/g, '');
    const token = newId('tok', this.clock());
    const brand = brandOf(digits);
    const last4 = digits.slice(-4);
    await this.db
      .insertInto('test_gateway_tokens')
      .values({
        id: token,
        brand,
        last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        behaviour: BEHAVIOURS[digits] ?? 'succeeds',
        created_at: this.clock(),
        used_at: null,
      })
      .execute();
    return { token, brand, last4 };
  }

  async createCustomer(input: { reference: string; name: string }): Promise<string> {
    return `cus_test_${input.reference}`;
  }

  async attachCard(input: {
    customer: string;
    token: string;
  }): Promise<AttachedCard | GatewayDecline> {
    const now = this.clock();
    // Single use: the token is spent by the statement that reads it.
    const token = await this.db
      .updateTable('test_gateway_tokens')
      .set({ used_at: now })
      .where('id', '=', input.token)
      .where('used_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!token) {
      return { ok: false, code: 'token_invalid', message: 'The card token is unknown or used.' };
    }
    const decline =
      token.behaviour === 'fails_when_charged' ? undefined : DECLINES[token.behaviour];
    if (decline) return decline;
    const method = newId('pm_test', now);
    await this.db
      .insertInto('test_gateway_methods')
      .values({
        id: method,
        customer: input.customer,
        brand: token.brand,
        last4: token.last4,
        exp_month: token.exp_month,
        exp_year: token.exp_year,
        behaviour: token.behaviour,
        created_at: now,
      })
      .execute();
    return {
      ok: true,
      method,
      brand: token.brand,
      last4: token.last4,
      expMonth: token.exp_month,
      expYear: token.exp_year,
    };
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const method = await this.db
      .selectFrom('test_gateway_methods')
      .selectAll()
      .where('id', '=', request.method)
      .where('customer', '=', request.customer)
      .executeTakeFirst();
    const decline = method ? DECLINES[method.behaviour] : DECLINES['declined'];
    const id = newId('ch_test', this.clock());
    // The first charge with this key is the charge; asked again, its outcome is the answer.
    await sql`
      insert into test_gateway_charges
        (idempotency_key, id, method, amount, currency, status, failure_code, failure_message, created_at)
      values (${request.idempotencyKey}, ${id}, ${request.method}, ${String(request.amount)},
              ${request.currency}, ${decline ? 'failed' : 'succeeded'}, ${decline?.code ?? null},
              ${decline?.message ?? null}, ${this.clock()})
      on conflict (idempotency_key) do nothing`.execute(this.db);
    const charge = await this.db
      .selectFrom('test_gateway_charges')
      .selectAll()
      .where('idempotency_key', '=', request.idempotencyKey)
      .executeTakeFirstOrThrow();
    if (charge.amount !== request.amount || charge.method !== request.method) {
      return {
        status: 'failed',
        reference: null,
        code: 'idempotency_error',
        message: 'This idempotency key was used for another charge.',
      };
    }
    return outcomeOf(charge);
  }

  async findCharge(idempotencyKey: string): Promise<ChargeOutcome | null> {
    const charge = await this.db
      .selectFrom('test_gateway_charges')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return charge ? outcomeOf(charge) : null;
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    const known = await this.findRefund(request.idempotencyKey);
    if (known) return known;
    return this.db.transaction().execute(async (trx) => {
      // The charge's row serialises its refunds: two at once cannot both take what is left.
      const charge = await trx
        .selectFrom('test_gateway_charges')
        .selectAll()
        .where('id', '=', request.reference)
        .forUpdate()
        .executeTakeFirst();
      const again = await new TestGateway(trx, this.clock).findRefund(request.idempotencyKey);
      if (again) return again;
      const refunded = await trx
        .selectFrom('test_gateway_refunds')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<bigint>('amount'), sql<bigint>`0`).as('sum'))
        .where('charge_id', '=', request.reference)
        .where('status', '=', 'succeeded')
        .executeTakeFirstOrThrow();
      const left = charge?.status === 'succeeded' ? charge.amount - BigInt(refunded.sum) : 0n;
      const amount = request.amount ?? left;
      const problem = !charge
        ? { code: 'resource_missing', message: 'No such charge.' }
        : charge.status !== 'succeeded' || left <= 0n
          ? { code: 'charge_already_refunded', message: 'The charge has been refunded already.' }
          : amount <= 0n || amount > left
            ? {
                code: 'amount_too_large',
                message: `The refund is more than is left of the charge (${left}).`,
              }
            : null;
      const id = newId('re_test', this.clock());
      await trx
        .insertInto('test_gateway_refunds')
        .values({
          idempotency_key: request.idempotencyKey,
          id,
          charge_id: request.reference,
          amount: problem ? 0n : amount,
          status: problem ? 'failed' : 'succeeded',
          failure_code: problem?.code ?? null,
          failure_message: problem?.message ?? null,
          created_at: this.clock(),
        })
        .execute();
      if (!problem && amount === left) {
        await trx
          .updateTable('test_gateway_charges')
          .set({ refunded_at: this.clock() })
          .where('id', '=', request.reference)
          .execute();
      }
      return problem
        ? { status: 'failed' as const, ...problem }
        : { status: 'succeeded' as const, reference: id };
    });
  }

  private async findRefund(idempotencyKey: string): Promise<RefundOutcome | null> {
    const row = await this.db
      .selectFrom('test_gateway_refunds')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!row) return null;
    return row.status === 'succeeded'
      ? { status: 'succeeded', reference: row.id }
      : {
          status: 'failed',
          code: row.failure_code ?? 'refund_failed',
          message: row.failure_message ?? 'The refund failed.',
        };
  }
}

function outcomeOf(charge: {
  id: string;
  status: string;
  failure_code: string | null;
  failure_message: string | null;
}): ChargeOutcome {
  return charge.status === 'succeeded'
    ? { status: 'succeeded', reference: charge.id }
    : {
        status: 'failed',
        reference: charge.id,
        code: charge.failure_code ?? 'card_declined',
        message: charge.failure_message ?? 'Your card was declined.',
      };
}
