import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { EVENT_TYPES } from '../../app/webhooks/emit-event.js';
import { listDeliveries, replayDelivery } from '../../app/webhooks/webhook-deliveries.js';
import {
  createEndpoint,
  deleteEndpoint,
  endpointSecret,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from '../../app/webhooks/webhook-endpoints.js';
import { route, type Route } from '../route.js';
import { Id, Instant } from '../schemas.js';

const EventType = z.enum(EVENT_TYPES);
const Endpoint = z.object({
  id: Id,
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()).describe('The types sent; empty: every type'),
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.string().nullable(),
  failingSince: Instant.nullable(),
  createdAt: Instant,
});
const Secret = z.object({
  secret: z.string(),
  previousSecret: z.string().nullable(),
  previousSecretUntil: Instant.nullable(),
});
const EndpointParams = z.strictObject({ endpointId: Id });
const Delivery = z.object({
  id: Id,
  eventId: Id,
  eventType: z.string(),
  payload: z.unknown().describe('The body sent: {"type", "timestamp", "data"}'),
  status: z.enum(['pending', 'succeeded', 'failed']),
  nextAttemptAt: Instant.nullable(),
  lastStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  deliveredAt: Instant.nullable(),
  attempts: z.array(
    z.object({
      attempt: z.int(),
      at: Instant,
      statusCode: z.int().nullable(),
      error: z.string().nullable(),
      durationMs: z.int(),
    }),
  ),
});

export function webhookRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/v1/webhook-endpoints',
      summary: 'Webhook endpoints (Standard Webhooks), and the event types there are',
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      response: z.object({ data: z.array(Endpoint), eventTypes: z.array(z.string()) }),
      handler: ({ actor }) => listEndpoints(context, actor),
    }),
    route({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      summary: 'Add a webhook endpoint; the answer holds its signing secret',
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      status: 201,
      secretFields: ['secret'],
      body: z.strictObject({
        url: z.string().min(1).max(2000),
        description: z.string().max(500).optional(),
        eventTypes: z.array(EventType).max(EVENT_TYPES.length).optional(),
      }),
      response: Endpoint.extend({ secret: z.string() }),
      handler: ({ actor, body }) => createEndpoint(context, actor, body),
    }),
    route({
      method: 'PATCH',
      url: '/v1/webhook-endpoints/:endpointId',
      summary: 'Change an endpoint, or turn it off or back on',
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      params: EndpointParams,
      body: z.strictObject({
        url: z.string().min(1).max(2000).optional(),
        description: z.string().max(500).nullable().optional(),
        eventTypes: z.array(EventType).max(EVENT_TYPES.length).optional(),
        enabled: z.boolean().optional(),
      }),
      response: Endpoint,
      handler: ({ actor, params, body }) => updateEndpoint(context, actor, params.endpointId, body),
    }),
    route({
      method: 'DELETE',
      url: '/v1/webhook-endpoints/:endpointId',
      summary: 'Remove an endpoint and its deliveries',
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      status: 204,
      params: EndpointParams,
      response: z.null(),
      handler: async ({ actor, params }) => {
        await deleteEndpoint(context, actor, params.endpointId);
        return null;
      },
    }),
    route({
      method: 'GET',
      url: '/v1/webhook-endpoints/:endpointId/secret',
      summary:
        "The endpoint's signing secret (and the previous one while a rotation's grace lasts)",
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      params: EndpointParams,
      response: Secret,
      handler: ({ actor, params }) => endpointSecret(context, actor, params.endpointId),
    }),
    route({
      method: 'POST',
      url: '/v1/webhook-endpoints/:endpointId/rotate-secret',
      summary: 'A new signing secret; the previous one signs too for 24 hours',
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      secretFields: ['secret', 'previousSecret'],
      params: EndpointParams,
      response: Secret,
      handler: ({ actor, params }) => rotateSecret(context, actor, params.endpointId),
    }),
    route({
      method: 'GET',
      url: '/v1/webhook-endpoints/:endpointId/deliveries',
      summary: 'The delivery log: each event sent, its attempts, status codes and errors',
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      params: EndpointParams,
      query: z.strictObject({
        cursor: Id.optional(),
        limit: z.coerce.number().int().min(1).max(100).default(25),
      }),
      response: z.object({
        data: z.array(Delivery),
        nextCursor: Id.nullable(),
      }),
      handler: ({ actor, params, query }) =>
        listDeliveries(context, actor, params.endpointId, query),
    }),
    route({
      method: 'POST',
      url: '/v1/webhook-deliveries/:deliveryId/replay',
      summary: "Send a delivery's event again now (same webhook-id)",
      tag: 'Webhooks',
      auth: true,
      scope: 'billing:manage',
      status: 202,
      params: z.strictObject({ deliveryId: Id }),
      response: z.object({ id: Id, eventId: Id, status: z.literal('pending') }),
      handler: ({ actor, params }) => replayDelivery(context, actor, params.deliveryId),
    }),
  ];
}
