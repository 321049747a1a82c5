import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../context.js';
import { writeJson, type JsonValue } from '../../core/json/write-json.js';
import { newId } from '../ids.js';

/** Every event type sent to webhook endpoints. */
export const EVENT_TYPES = [
  'licence.assigned',
  'licence.released',
  'licences.changed',
  'invoice.issued',
  'invoice.paid',
  'payment.failed',
  'subscription.renewed',
  'subscription.ended',
  'licence_request.created',
  'licence_request.decided',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface WebhookEvent {
  readonly orgId: string;
  readonly type: EventType;
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/**
 * The common table expressions that record an event for the organisation's webhook endpoints,
 * when `source` (a CTE name) has a row: the event (its id is the `webhook-id` of every attempt)
 * and a delivery to each enabled endpoint that takes its type, sent later by the delivery
 * worker. Nothing is written for an organisation without such an endpoint. The payload follows
 * Standard Webhooks: `{"type", "timestamp", "data"}`. Part of the caller's statement, so the
 * event exists exactly when what it reports was written.
 */
export function eventStatements(event: WebhookEvent, source: string): RawBuilder<unknown> {
  const id = newId('msg', event.at);
  // Amounts are bigints: written as exact JSON integers (core/json), never through a float.
  const payload = writeJson(
    { type: event.type, timestamp: event.at.toISOString(), data: event.data as JsonValue },
    0,
  );
  // The endpoints are probed once (one index read when there are none: the common case on
  // the assignment's hot path), and the event and deliveries written from that one answer.
  return sql`
    hook_targets as (
      select e.id from webhook_endpoints e
      where e.org_id = ${event.orgId} and e.status = 'enabled'
        and (jsonb_array_length(e.event_types) = 0 or e.event_types ? ${event.type})
        and exists (select 1 from ${sql.raw(source)})
    ),
    hook_event as (
      insert into webhook_events (org_id, id, type, payload, created_at)
      select ${event.orgId}, ${id}, ${event.type}, ${payload}::jsonb, ${event.at}
      where exists (select 1 from hook_targets)
      returning id, org_id
    ),
    hook_deliveries as (
      insert into webhook_deliveries (org_id, id, endpoint_id, event_id, next_attempt_at, created_at)
      select h.org_id, ${`whd_${id.slice(4)}_`} || t.id, t.id, h.id, now(), now()
      from hook_event h cross join hook_targets t
      returning id
    )`;
}

/** Record an event on its own, in the caller's transaction (see `eventStatements`). */
export async function emitEvent(db: Db, event: WebhookEvent): Promise<void> {
  await sql`
    with happened as (select 1), ${eventStatements(event, 'happened')}
    select count(*) from hook_deliveries`.execute(db);
}
