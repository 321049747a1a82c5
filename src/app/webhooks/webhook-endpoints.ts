import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable } from '../../store/schema.js';
import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { EVENT_TYPES, type EventType } from './emit-event.js';

type EndpointRow = Selectable<WebhookEndpointsTable>;

/** The most endpoints one organisation may have. */
export const MAX_ENDPOINTS = 10;
/** After a rotation, the previous secret still signs (beside the new one) this long. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

/** A signing secret as Standard Webhooks writes it: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function endpointView(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: (row.event_types as string[] | null) ?? [],
    status: row.status,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Where a webhook may go: http(s), no credentials in the URL. Private addresses: at delivery. */
function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('validation_failed', 'url: not a URL', 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('validation_failed', 'url: must be http or https', 'url');
  }
  if (parsed.username || parsed.password) {
    throw new AppError('validation_failed', 'url: must not carry credentials', 'url');
  }
  return parsed.toString();
}

function checkTypes(types: readonly string[]): EventType[] {
  types.forEach((type, i) => {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      throw new AppError('validation_failed', `Unknown event type "${type}"`, `eventTypes[${i}]`);
    }
  });
  return [...new Set(types)] as EventType[];
}

export async function loadEndpoint(db: Db, orgId: string, endpointId: string, lock = false) {
  let query = db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', endpointId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint', 'endpointId');
  return row;
}

export async function listEndpoints(context: AppContext, actor: Actor) {
  requireScope(actor, 'billing:manage');
  const rows = await context.store.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .orderBy('created_at')
    .execute();
  return { data: rows.map(endpointView), eventTypes: [...EVENT_TYPES] };
}

/** A new endpoint; its signing secret is in the answer (and readable later by its managers). */
export async function createEndpoint(
  context: AppContext,
  actor: Actor,
  input: {
    url: string;
    description?: string | undefined;
    eventTypes?: readonly string[] | undefined;
  },
) {
  requireScope(actor, 'billing:manage');
  const url = checkUrl(input.url);
  const eventTypes = checkTypes(input.eventTypes ?? []);
  return inTransaction(context, async (trx) => {
    // The organisation's row serialises creations: the limit holds under concurrency.
    await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', actor.orgId)
      .forUpdate()
      .execute();
    const count = await trx
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ENDPOINTS) {
      throw new AppError('conflict', `At most ${MAX_ENDPOINTS} webhook endpoints`, 'url');
    }
    const now = context.clock();
    const row = {
      org_id: actor.orgId,
      id: newId('whe', now),
      url,
      description: input.description ?? null,
      event_types: JSON.stringify(eventTypes),
      secret: newSigningSecret(),
      previous_secret: null,
      previous_secret_until: null,
      disabled_reason: null,
      failing_since: null,
      created_at: now,
      updated_at: now,
    };
    const created = await trx
      .insertInto('webhook_endpoints')
      .values(row)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, actor, now, {
      action: 'webhook_endpoint.created',
      subject: created.id,
      after: { url, eventTypes },
    });
    return { ...endpointView(created), secret: created.secret };
  });
}

/** Change an endpoint: its URL, description, event types; turn it off or back on. */
export async function updateEndpoint(
  context: AppContext,
  actor: Actor,
  endpointId: string,
  change: {
    url?: string | undefined;
    description?: string | null | undefined;
    eventTypes?: readonly string[] | undefined;
    enabled?: boolean | undefined;
  },
) {
  requireScope(actor, 'billing:manage');
  const url = change.url === undefined ? undefined : checkUrl(change.url);
  const eventTypes = change.eventTypes === undefined ? undefined : checkTypes(change.eventTypes);
  return inTransaction(context, async (trx) => {
    const before = await loadEndpoint(trx, actor.orgId, endpointId, true);
    const now = context.clock();
    const updated = await trx
      .updateTable('webhook_endpoints')
      .set({
        ...(url === undefined ? {} : { url }),
        ...(change.description === undefined ? {} : { description: change.description }),
        ...(eventTypes === undefined ? {} : { event_types: JSON.stringify(eventTypes) }),
        ...(change.enabled === undefined
          ? {}
          : change.enabled
            ? { status: 'enabled' as const, disabled_reason: null, failing_since: null }
            : { status: 'disabled' as const, disabled_reason: 'turned off' }),
        updated_at: now,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, actor, now, {
      action: 'webhook_endpoint.updated',
      subject: before.id,
      before: endpointView(before),
      after: endpointView(updated),
    });
    return endpointView(updated);
  });
}

export async function deleteEndpoint(context: AppContext, actor: Actor, endpointId: string) {
  requireScope(actor, 'billing:manage');
  await inTransaction(context, async (trx) => {
    const endpoint = await loadEndpoint(trx, actor.orgId, endpointId, true);
    await trx.deleteFrom('webhook_endpoints').where('id', '=', endpoint.id).execute();
    await audit(trx, actor, context.clock(), {
      action: 'webhook_endpoint.deleted',
      subject: endpoint.id,
      before: endpointView(endpoint),
    });
  });
}

/** The endpoint's signing secret (and the previous one, while it still signs). */
export async function endpointSecret(context: AppContext, actor: Actor, endpointId: string) {
  requireScope(actor, 'billing:manage');
  const endpoint = await loadEndpoint(context.store.db, actor.orgId, endpointId);
  const previousValid =
    endpoint.previous_secret_until !== null && endpoint.previous_secret_until > context.clock();
  return {
    secret: endpoint.secret,
    previousSecret: previousValid ? endpoint.previous_secret : null,
    previousSecretUntil: previousValid
      ? (endpoint.previous_secret_until?.toISOString() ?? null)
      : null,
  };
}

/**
 * A new signing secret. For a day the previous one signs too (every delivery carries both
 * signatures), so a receiver can switch without missing a delivery.
 */
export async function rotateSecret(context: AppContext, actor: Actor, endpointId: string) {
  requireScope(actor, 'billing:manage');
  await inTransaction(context, async (trx) => {
    const endpoint = await loadEndpoint(trx, actor.orgId, endpointId, true);
    const now = context.clock();
    await trx
      .updateTable('webhook_endpoints')
      .set({
        secret: newSigningSecret(),
        previous_secret: endpoint.secret,
        previous_secret_until: new Date(now.getTime() + ROTATION_GRACE_MS),
        updated_at: now,
      })
      .where('id', '=', endpoint.id)
      .execute();
    await audit(trx, actor, now, {
      action: 'webhook_endpoint.secret_rotated',
      subject: endpoint.id,
    });
  });
  return endpointSecret(context, actor, endpointId);
}
