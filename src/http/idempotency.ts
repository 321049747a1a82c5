import { createHash } from 'node:crypto';
import { AppError } from '../app/app-error.js';
import type { Actor, AppContext } from '../app/context.js';

export const IDEMPOTENCY_HOURS = 24;

export type Replay = { readonly status: number; readonly body: unknown } | null;

/**
 * Claim an Idempotency-Key for a request. The same key with the same request replays the
 * stored response; with another request it is refused; while the first is still running,
 * the second is told so. Keys are kept 24 hours.
 */
export async function claimKey(
  context: AppContext,
  actor: Actor,
  key: string,
  method: string,
  path: string,
  body: unknown,
): Promise<Replay> {
  const db = context.store.db;
  const now = context.clock();
  const bodyHash = createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
  await db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', actor.orgId)
    .where('key', '=', key)
    .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000))
    .execute();
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({
      org_id: actor.orgId,
      key,
      method,
      path,
      body_hash: bodyHash,
      status_code: null,
      response: null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;
  const stored = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!stored) return null;
  if (stored.body_hash !== bodyHash) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was used for another request',
      'Idempotency-Key',
    );
  }
  if (stored.status_code === null) {
    throw new AppError(
      'idempotency_key_in_progress',
      'A request with this Idempotency-Key is still running',
      'Idempotency-Key',
    );
  }
  return { status: stored.status_code, body: stored.response };
}

export async function storeResponse(
  context: AppContext,
  actor: Actor,
  key: string,
  status: number,
  body: string,
): Promise<void> {
  await context.store.db
    .updateTable('idempotency_keys')
    .set({ status_code: status, response: body === '' ? 'null' : body })
    .where('org_id', '=', actor.orgId)
    .where('key', '=', key)
    .execute();
}

/** A request that failed before it changed anything gives its key back. */
export async function releaseKey(context: AppContext, actor: Actor, key: string): Promise<void> {
  await context.store.db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', actor.orgId)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}
