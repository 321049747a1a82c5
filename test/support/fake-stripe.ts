import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that answers the part of Stripe's API the Stripe adapter uses, as
 * Stripe's API reference documents it (form-encoded requests, JSON answers, card errors as
 * 402 with `error.type` card_error, idempotency keys replaying the first answer), with
 * Stripe's documented test PaymentMethods: pm_card_visa succeeds; pm_card_chargeDeclined and
 * pm_card_chargeDeclinedInsufficientFunds are declined when attached; pm_card_chargeCustomerFail
 * attaches and fails when charged. No network: the adapter's suite runs here on loopback.
 */
export interface FakeStripe {
  readonly url: string;
  /** PaymentIntents created (one per idempotency key), and refunds. */
  readonly intents: Map<string, Record<string, unknown>>;
  readonly refunds: { paymentIntent: string; amount: number }[];
  close(): Promise<void>;
}

const CARDS: Record<string, { last4: string; attach: string | null; charge: string | null }> = {
  pm_card_visa: { last4: '4242', attach: null, charge: null },
  pm_card_chargeDeclined: { last4: '0002', attach: 'generic_decline', charge: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: {
    last4: '9995',
    attach: 'insufficient_funds',
    charge: 'insufficient_funds',
  },
  pm_card_chargeCustomerFail: { last4: '0341', attach: null, charge: 'generic_decline' },
  // This local server's own: a payment left `processing`, decided later by a webhook event.
  pm_card_processing: { last4: '1111', attach: null, charge: null },
};

export async function startFakeStripe(secretKey: string): Promise<FakeStripe> {
  let counter = 0;
  const id = (prefix: string) => `${prefix}_fake${(++counter).toString().padStart(8, '0')}`;
  const methods = new Map<string, { customer: string; behaviour: string }>();
  const intents = new Map<string, Record<string, unknown>>();
  const answers = new Map<string, { status: number; body: unknown }>();
  const refunds: { paymentIntent: string; amount: number }[] = [];

  const cardError = (declineCode: string, extra: Record<string, unknown> = {}) => ({
    status: 402,
    body: {
      error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
        message:
          declineCode === 'insufficient_funds'
            ? 'Your card has insufficient funds.'
            : 'Your card was declined.',
        ...extra,
      },
    },
  });

  function handle(method: string, path: string, form: URLSearchParams, query: URLSearchParams) {
    if (method === 'POST' && path === '/v1/customers') {
      return { status: 200, body: { id: id('cus'), object: 'customer', name: form.get('name') } };
    }
    const attach = /^\/v1\/payment_methods\/([^/]+)\/attach$/.exec(path);
    if (method === 'POST' && attach?.[1]) {
      const card = CARDS[attach[1]];
      if (!card) {
        return {
          status: 400,
          body: { error: { type: 'invalid_request_error', message: 'No such PaymentMethod' } },
        };
      }
      if (card.attach) return cardError(card.attach);
      const pm = id('pm');
      methods.set(pm, { customer: form.get('customer') ?? '', behaviour: attach[1] });
      return {
        status: 200,
        body: {
          id: pm,
          object: 'payment_method',
          type: 'card',
          customer: form.get('customer'),
          card: { brand: 'visa', last4: card.last4, exp_month: 12, exp_year: 2034 },
        },
      };
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const pm = methods.get(form.get('payment_method') ?? '');
      const intent: Record<string, unknown> = {
        id: id('pi'),
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        customer: form.get('customer'),
        payment_method: form.get('payment_method'),
        metadata: { seatledger_key: form.get('metadata[seatledger_key]') },
        status: 'succeeded',
        last_payment_error: null,
      };
      const decline =
        !pm || pm.customer !== form.get('customer')
          ? 'generic_decline'
          : CARDS[pm.behaviour]?.charge;
      if (decline) {
        const error = {
          code: 'card_declined',
          decline_code: decline,
          message: 'Your card was declined.',
        };
        intent['status'] = 'requires_payment_method';
        intent['last_payment_error'] = error;
        intents.set(String(intent['id']), intent);
        return cardError(decline, { payment_intent: intent });
      }
      if (pm?.behaviour === 'pm_card_processing') intent['status'] = 'processing';
      intents.set(String(intent['id']), intent);
      return { status: 200, body: intent };
    }
    if (method === 'GET' && path === '/v1/payment_intents/search') {
      const key = /metadata\['seatledger_key'\]:'([^']*)'/.exec(query.get('query') ?? '')?.[1];
      const data = [...intents.values()].filter(
        (intent) => (intent['metadata'] as Record<string, unknown>)['seatledger_key'] === key,
      );
      return { status: 200, body: { object: 'search_result', data, has_more: false, url: path } };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const reference = form.get('payment_intent') ?? '';
      const intent = intents.get(reference);
      const refused = (message: string, code?: string) => ({
        status: 400,
        body: { error: { type: 'invalid_request_error', message, ...(code ? { code } : {}) } },
      });
      if (!intent || intent['status'] !== 'succeeded') {
        return refused(`No such payment_intent: '${reference}'`, 'resource_missing');
      }
      const given = refunds
        .filter((r) => r.paymentIntent === reference)
        .reduce((sum, r) => sum + r.amount, 0);
      const left = Number(intent['amount']) - given;
      if (left <= 0) {
        return refused(
          `Charge for ${reference} has already been refunded.`,
          'charge_already_refunded',
        );
      }
      const amount = form.has('amount') ? Number(form.get('amount')) : left;
      if (amount > left) {
        return refused(
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        );
      }
      refunds.push({ paymentIntent: reference, amount });
      return {
        status: 200,
        body: {
          id: id('re'),
          object: 'refund',
          amount,
          payment_intent: reference,
          status: 'succeeded',
        },
      };
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: 'Not found' } },
    };
  }

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      let answer: { status: number; body: unknown };
      if (request.headers.authorization !== `Bearer ${secretKey}`) {
        answer = {
          status: 401,
          body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
        };
      } else {
        const key = request.headers['idempotency-key'];
        const replay =
          typeof key === 'string' && key.startsWith('in-progress-')
            ? {
                // As Stripe answers a key whose first request is still being processed.
                status: 409,
                body: {
                  error: {
                    type: 'idempotency_error',
                    message:
                      'There is currently another in-progress request using this Idempotent Key.',
                  },
                },
              }
            : typeof key === 'string'
              ? answers.get(key)
              : undefined;
        answer =
          replay ??
          handle(
            request.method ?? 'GET',
            url.pathname,
            new URLSearchParams(Buffer.concat(chunks).toString()),
            url.searchParams,
          );
        if (typeof key === 'string' && !replay) answers.set(key, answer);
        if (answer.status === 409) response.setHeader('stripe-should-retry', 'false');
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    intents,
    refunds,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
