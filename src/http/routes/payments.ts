import { z } from 'zod';
import { AppError } from '../../app/app-error.js';
import { closeInvoice } from '../../app/billing/close-invoice.js';
import type { AppContext } from '../../app/context.js';
import { listPayments, payInvoice } from '../../app/payments/pay-invoice.js';
import { testGatewayOf } from '../../app/payments/payment-gateway.js';
import { getPayment, paymentReceiptPdf } from '../../app/payments/payment-receipt.js';
import {
  addPaymentMethod,
  listPaymentMethods,
  updatePaymentMethod,
} from '../../app/payments/payment-methods.js';
import { cardProblem } from '../../payments/test-gateway.js';
import { jsonOrPdf } from '../pdf-reply.js';
import { route, type Route } from '../route.js';
import { Id, Payment, PaymentMethod } from '../schemas.js';

const CardDetails = z.strictObject({
  number: z.string().min(12).max(23).describe('Card number; spaces and dashes allowed'),
  expMonth: z.int().min(1).max(12),
  expYear: z.int().min(2000).max(2100),
  cvc: z.string().min(3).max(4),
});

export function paymentRoutes(context: AppContext): Route[] {
  const routes: Route[] = [
    route({
      method: 'GET',
      url: '/v1/payment-config',
      summary:
        "How the console takes a card: the test gateway's form, or Stripe's card element with this publishable key",
      tag: 'Payments',
      auth: true,
      response: z.object({
        gateway: z.string(),
        publishableKey: z.string().nullable(),
      }),
      handler: async () => ({
        gateway: context.gateway?.name ?? 'test',
        publishableKey: context.gateway?.publishableKey ?? null,
      }),
    }),
    route({
      method: 'GET',
      url: '/v1/payment-methods',
      summary: 'Cards on file: brand, last four digits, expiry, which is the default',
      tag: 'Payments',
      auth: true,
      response: z.object({ data: z.array(PaymentMethod) }),
      handler: ({ actor }) => listPaymentMethods(context, actor),
    }),
    route({
      method: 'POST',
      url: '/v1/payment-methods',
      summary:
        'Keep a card on file from a token of the gateway (the card number never reaches this server); a declined card is a 402',
      tag: 'Payments',
      auth: true,
      scope: 'billing:manage',
      atomic: false,
      status: 201,
      body: z.strictObject({
        token: z.string().min(1).max(200).describe("The gateway's single-use card token"),
        makeDefault: z.boolean().optional(),
      }),
      response: PaymentMethod,
      handler: ({ actor, body }) => addPaymentMethod(context, actor, body),
    }),
    route({
      method: 'PATCH',
      url: '/v1/payment-methods/:paymentMethodId',
      summary: 'Make a card the default, or take it off file',
      tag: 'Payments',
      auth: true,
      scope: 'billing:manage',
      params: z.strictObject({ paymentMethodId: Id }),
      body: z.union([
        z.strictObject({ makeDefault: z.literal(true) }),
        z.strictObject({ remove: z.literal(true) }),
      ]),
      response: PaymentMethod,
      handler: ({ actor, params, body }) =>
        updatePaymentMethod(context, actor, params.paymentMethodId, body),
    }),
    route({
      method: 'POST',
      url: '/v1/invoices/:invoiceId/pay',
      summary:
        'Pay an open invoice now with the default card; never charged twice (a decline is a 402 with the reason)',
      tag: 'Payments',
      auth: true,
      scope: 'billing:manage',
      atomic: false,
      params: z.strictObject({ invoiceId: Id }),
      response: Payment,
      handler: ({ actor, params }) => payInvoice(context, actor, params.invoiceId),
    }),
    ...(['void', 'uncollectible'] as const).map((status) =>
      route({
        method: 'POST',
        url: `/v1/invoices/:invoiceId/${status === 'void' ? 'void' : 'mark-uncollectible'}`,
        summary:
          status === 'void'
            ? "Void an open invoice nothing was paid against (the vendor's operator only)"
            : "Mark an open invoice uncollectible (the vendor's operator only)",
        tag: 'Payments',
        auth: true,
        params: z.strictObject({ invoiceId: Id }),
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
        response: z.object({
          id: Id,
          number: z.int(),
          status: z.enum(['void', 'uncollectible']),
        }),
        handler: ({ actor, params, body }) =>
          closeInvoice(context, actor, params.invoiceId, status, body.reason),
      }),
    ),
    route({
      method: 'GET',
      url: '/v1/payments/:paymentId',
      summary: 'A payment; with `.pdf` after the id (or Accept: application/pdf), its receipt',
      tag: 'Payments',
      auth: true,
      params: z.strictObject({ paymentId: Id }),
      response: Payment,
      handler: ({ actor, params, request, reply }) =>
        jsonOrPdf(
          request,
          reply,
          params.paymentId,
          (id) => getPayment(context, actor, id),
          (id) => paymentReceiptPdf(context, actor, id),
        ),
    }),
    route({
      method: 'GET',
      url: '/v1/invoices/:invoiceId/payments',
      summary: 'The payments made or tried for an invoice, oldest first',
      tag: 'Payments',
      auth: true,
      params: z.strictObject({ invoiceId: Id }),
      response: z.object({ data: z.array(Payment) }),
      handler: ({ actor, params }) => listPayments(context, actor, params.invoiceId),
    }),
  ];
  // The embedded test gateway's tokenisation, as a card processor's own endpoint would be:
  // served only when it is the gateway in use.
  if (!context.gateway || context.gateway.name === 'test') {
    routes.push(
      route({
        method: 'POST',
        url: '/v1/test-gateway/tokens',
        summary:
          "The test gateway's tokenisation (Stripe's test numbers: 4242... succeeds, ...0002 declined, ...9995 insufficient funds, ...0341 fails when charged)",
        tag: 'Payments',
        auth: false,
        status: 201,
        body: CardDetails,
        response: z.object({ token: z.string(), brand: z.string(), last4: z.string() }),
        handler: async ({ body }) => {
          const problem = cardProblem(body, context.clock());
          if (problem)
            throw new AppError(
              'validation_failed',
              `${problem.field}: ${problem.message}`,
              problem.field,
            );
          return testGatewayOf(context).tokenize(body);
        },
      }),
    );
  }
  return routes;
}
