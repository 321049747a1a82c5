import { z } from 'zod';
import {
  creditNotePdf,
  getCreditNote,
  listCreditNotes,
} from '../../app/billing/credit-note-queries.js';
import {
  issueCreditNote,
  previewCreditNote,
  type CreditNoteRequest,
} from '../../app/billing/issue-credit-note.js';
import type { AppContext } from '../../app/context.js';
import { retryRefund } from '../../app/payments/send-refunds.js';
import { jsonOrPdf } from '../pdf-reply.js';
import { route, type Route } from '../route.js';
import { Amount, CreditNote, Id } from '../schemas.js';

const CreditNoteBody = z.strictObject({
  amount: z.int().min(1).describe('In minor units of the invoice currency'),
  reason: z.enum([
    'duplicate',
    'fraudulent',
    'order_change',
    'product_unsatisfactory',
    'billing_error',
  ]),
  memo: z.string().trim().min(1).max(500).optional(),
  refundTo: z
    .enum(['card', 'balance'])
    .optional()
    .describe(
      'Where what was already paid goes back; required when the credit exceeds what is due',
    ),
});

function requestOf(body: z.infer<typeof CreditNoteBody>): CreditNoteRequest {
  return { ...body, amount: BigInt(body.amount) };
}

export function creditNoteRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'POST',
      url: '/v1/invoices/:invoiceId/credit-notes',
      summary:
        "Issue a credit note (the vendor's operator only): off what is due first, the rest refunded to the card or added to the credit balance",
      tag: 'Payments',
      auth: true,
      atomic: false,
      status: 201,
      params: z.strictObject({ invoiceId: Id }),
      body: CreditNoteBody,
      response: CreditNote,
      handler: ({ actor, params, body }) =>
        issueCreditNote(context, actor, params.invoiceId, requestOf(body)),
    }),
    route({
      method: 'POST',
      url: '/v1/invoices/:invoiceId/credit-notes/preview',
      summary: 'What a credit note would do, written nowhere',
      tag: 'Payments',
      auth: true,
      params: z.strictObject({ invoiceId: Id }),
      body: CreditNoteBody,
      response: z.object({
        invoiceId: Id,
        currency: z.string(),
        amount: Amount,
        prePaymentAmount: Amount,
        refundAmount: Amount,
        balanceAmount: Amount,
        invoiceAmountDueAfter: Amount,
        invoiceStatusAfter: z.enum(['open', 'paid', 'void', 'uncollectible']),
      }),
      handler: ({ actor, params, body }) =>
        previewCreditNote(context, actor, params.invoiceId, requestOf(body)),
    }),
    route({
      method: 'GET',
      url: '/v1/invoices/:invoiceId/credit-notes',
      summary: "An invoice's credit notes, oldest first, with their refunds",
      tag: 'Payments',
      auth: true,
      params: z.strictObject({ invoiceId: Id }),
      response: z.object({ data: z.array(CreditNote) }),
      handler: ({ actor, params }) => listCreditNotes(context, actor, params.invoiceId),
    }),
    route({
      method: 'GET',
      url: '/v1/credit-notes/:creditNoteId',
      summary: 'A credit note; with `.pdf` after the id (or Accept: application/pdf), its PDF',
      tag: 'Payments',
      auth: true,
      params: z.strictObject({ creditNoteId: Id }),
      response: CreditNote,
      handler: ({ actor, params, request, reply }) =>
        jsonOrPdf(
          request,
          reply,
          params.creditNoteId,
          (id) => getCreditNote(context, actor, id),
          (id) => creditNotePdf(context, actor, id),
        ),
    }),
    route({
      method: 'POST',
      url: '/v1/refunds/:refundId/retry',
      summary: "Try a refused refund again, with a new attempt (the vendor's operator only)",
      tag: 'Payments',
      auth: true,
      atomic: false,
      params: z.strictObject({ refundId: Id }),
      response: z.object({ id: Id, creditNoteId: Id }),
      handler: ({ actor, params }) => retryRefund(context, actor, params.refundId),
    }),
  ];
}
