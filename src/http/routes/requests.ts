import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { createRequest } from '../../app/requests/create-request.js';
import {
  approveRequest,
  declineRequest,
  vendorApproveRequest,
  vendorDeclineRequest,
  withdrawRequest,
} from '../../app/requests/decide-request.js';
import { listVendorQueue } from '../../app/requests/vendor-queue.js';
import { getRequest, listRequests } from '../../app/requests/request-queries.js';
import { REMOVAL_REASONS } from '../../app/subscriptions/change-licences.js';
import { route, type Route } from '../route.js';
import { Id, Instant, Quote, Seats } from '../schemas.js';

const Status = z.enum(['pending', 'awaiting_vendor', 'approved', 'declined', 'withdrawn']);

const LicenceRequest = z.object({
  id: Id,
  subscriptionId: Id,
  requestedBy: Id,
  requesterName: z.string().nullable(),
  kind: z.enum(['adjustment', 'licence']),
  op: z.enum(['add', 'remove', 'set']).nullable(),
  seats: z.record(z.string(), z.int()).nullable(),
  licenceType: z.string().nullable(),
  reason: z.string().nullable(),
  explanation: z.string().nullable(),
  summary: z.string().describe('What it asks for, in words'),
  status: Status,
  decidedBy: z.string().nullable(),
  decidedAt: Instant.nullable(),
  decisionNote: z.string().nullable(),
  outcome: z.record(z.string(), z.unknown()).nullable(),
  createdAt: Instant,
});

const WithPreview = LicenceRequest.extend({
  preview: Quote.nullable().describe('While an adjustment waits: what approving it would cost now'),
});

const RequestParams = z.strictObject({ requestId: Id });
const Note = z.strictObject({ note: z.string().max(500).optional() });

/** Requests and approvals (12, 001): members ask, licence managers decide. */
export function requestRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'POST',
      url: '/v1/licence-requests',
      summary:
        'Ask for a licence adjustment (quoted now; refused at once if the rules refuse it) or a licence for yourself',
      tag: 'Licences',
      auth: true,
      body: z.discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('adjustment'),
          subscriptionId: Id,
          op: z.enum(['add', 'remove', 'set']),
          seats: Seats,
          reason: z.enum(REMOVAL_REASONS).optional(),
          explanation: z.string().max(2000).optional(),
        }),
        z.strictObject({
          kind: z.literal('licence'),
          licenceType: z.string().min(1).max(64),
          explanation: z.string().max(2000).optional(),
        }),
      ]),
      status: 201,
      response: WithPreview,
      handler: ({ actor, body }) => createRequest(context, actor, body),
    }),
    route({
      method: 'GET',
      url: '/v1/licence-requests',
      summary: 'Requests, newest first: all of them for licence managers, your own otherwise',
      tag: 'Licences',
      auth: true,
      query: z.strictObject({
        status: Status.optional(),
        limit: z.coerce.number().int().min(1).max(100).default(50),
      }),
      response: z.object({ data: z.array(LicenceRequest), canDecide: z.boolean() }),
      handler: ({ actor, query }) => listRequests(context, actor, query),
    }),
    route({
      method: 'GET',
      url: '/v1/licence-requests/:requestId',
      summary: 'One request, with what approving it would cost now while it waits',
      tag: 'Licences',
      auth: true,
      params: RequestParams,
      response: WithPreview,
      handler: ({ actor, params }) => getRequest(context, actor, params.requestId),
    }),
    route({
      method: 'POST',
      url: '/v1/licence-requests/:requestId/approval',
      summary: 'Approve: the change is made now, as yours; the requester is told',
      tag: 'Licences',
      auth: true,
      scope: 'licences:manage',
      params: RequestParams,
      body: Note,
      response: LicenceRequest.extend({ result: z.record(z.string(), z.unknown()) }),
      handler: ({ actor, params, body }) =>
        approveRequest(context, actor, params.requestId, body.note ?? null),
    }),
    route({
      method: 'POST',
      url: '/v1/licence-requests/:requestId/decline',
      summary: 'Decline, with a note for the requester; nothing else changes',
      tag: 'Licences',
      auth: true,
      scope: 'licences:manage',
      params: RequestParams,
      body: Note,
      response: LicenceRequest,
      handler: ({ actor, params, body }) =>
        declineRequest(context, actor, params.requestId, body.note ?? null),
    }),
    route({
      method: 'GET',
      url: '/v1/operator/licence-requests',
      summary:
        'The vendor’s approval queue: removals customers approved on plans whose removals the vendor approves, oldest first',
      tag: 'Operator',
      auth: true,
      operator: true,
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
      response: z.object({
        data: z.array(LicenceRequest.extend({ organizationId: Id, organizationName: z.string() })),
      }),
      handler: ({ actor, query }) => listVendorQueue(context, actor, query.limit),
    }),
    route({
      method: 'POST',
      url: '/v1/operator/licence-requests/:requestId/approval',
      summary:
        'The vendor approves a removal: made now for the customer, audited as the operator’s',
      tag: 'Operator',
      auth: true,
      operator: true,
      params: RequestParams,
      body: Note,
      response: LicenceRequest.extend({ result: z.record(z.string(), z.unknown()) }),
      handler: ({ actor, params, body }) =>
        vendorApproveRequest(context, actor, params.requestId, body.note ?? null),
    }),
    route({
      method: 'POST',
      url: '/v1/operator/licence-requests/:requestId/decline',
      summary: 'The vendor declines a removal, with a note for the customer',
      tag: 'Operator',
      auth: true,
      operator: true,
      params: RequestParams,
      body: Note,
      response: LicenceRequest,
      handler: ({ actor, params, body }) =>
        vendorDeclineRequest(context, actor, params.requestId, body.note ?? null),
    }),
    route({
      method: 'POST',
      url: '/v1/licence-requests/:requestId/withdrawal',
      summary: 'Withdraw your own request while it waits',
      tag: 'Licences',
      auth: true,
      params: RequestParams,
      response: LicenceRequest,
      handler: ({ actor, params }) => withdrawRequest(context, actor, params.requestId),
    }),
  ];
}
