import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { newId } from '../ids.js';
import { splitPage } from '../pagination.js';
import { loadEndpoint } from './webhook-endpoints.js';

/** An endpoint's deliveries, newest first, each with its event and its attempts. */
export async function listDeliveries(
  context: AppContext,
  actor: Actor,
  endpointId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  requireScope(actor, 'billing:manage');
  const db = context.store.db;
  const endpoint = await loadEndpoint(db, actor.orgId, endpointId);
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.event_id',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.created_at',
      'd.delivered_at',
      'e.type',
      'e.payload',
    ])
    .where('d.endpoint_id', '=', endpoint.id);
  if (page.cursor) query = query.where('d.id', '<', page.cursor);
  const rows = await query
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const { page: shown, nextCursor } = splitPage(rows, page.limit);
  const attempts = shown.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          shown.map((row) => row.id),
        )
        .orderBy('attempt')
        .execute()
    : [];
  return {
    data: shown.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.type,
      payload: row.payload,
      status: row.status,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
      lastStatus: row.last_status,
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
      deliveredAt: row.delivered_at?.toISOString() ?? null,
      attempts: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({
          attempt: attempt.attempt,
          at: attempt.at.toISOString(),
          statusCode: attempt.status_code,
          error: attempt.error,
          durationMs: attempt.duration_ms,
        })),
    })),
    nextCursor,
  };
}

/**
 * Send one delivery's event again, now, as a new delivery to the same endpoint (same event id,
 * so a receiver that had it recognises it). The endpoint must be on.
 */
export async function replayDelivery(context: AppContext, actor: Actor, deliveryId: string) {
  requireScope(actor, 'billing:manage');
  return inTransaction(context, async (trx) => {
    const delivery = await trx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!delivery) throw notFound('Webhook delivery', 'deliveryId');
    const endpoint = await loadEndpoint(trx, actor.orgId, delivery.endpoint_id, true);
    if (endpoint.status !== 'enabled') {
      throw new AppError(
        'conflict',
        'The endpoint is turned off: turn it on before sending again',
        'deliveryId',
      );
    }
    const now = context.clock();
    const id = newId('whd', now);
    await trx
      .insertInto('webhook_deliveries')
      .values({
        org_id: actor.orgId,
        id,
        endpoint_id: endpoint.id,
        event_id: delivery.event_id,
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
    await audit(trx, actor, now, {
      action: 'webhook_delivery.replayed',
      subject: endpoint.id,
      after: { deliveryId: id, replayOf: delivery.id, eventId: delivery.event_id },
    });
    return { id, eventId: delivery.event_id, status: 'pending' as const };
  });
}
