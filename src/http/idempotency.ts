import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../app/app-error.js';
import { actorLabel, type Actor, type AppContext } from '../app/context.js';

export const IDEMPOTENCY_HOURS = 24;
/**
 * How long a claim without an answer holds its key. The answer is written in the handler's
 * own transaction, so a claim older than this belongs to a request that died before it
 * committed anything: a retry may run again.
 */
export const CLAIM_LEASE_MS = 60_000;

export type Replay = { readonly status: number; readonly body: string } | null;

/**
 * Claim an Idempotency-Key for a request, per caller (a key sent by one member or API key is
 * never another's). The same key with the same request replays the stored answer, as sent;
 * with another request it is refused; while the first still runs, the second is told so.
 * Keys are kept 24 hours; expired ones are purged as new ones come.
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
  const caller = actorLabel(actor);
  const bodyHash = createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
  await purgeExpired(context, actor.orgId, now);
  // A claim that never got its answer, past its lease, died with its request: take it over.
  await db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', actor.orgId)
    .where('caller', '=', caller)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - CLAIM_LEASE_MS))
    .execute();
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({
      org_id: actor.orgId,
      caller,
      key,
      method,
      path,
      body_hash: bodyHash,
      status_code: null,
      response: null,
      response_text: null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'caller', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;
  const stored = await db
    .selectFrom('idempotency_keys')
    .select(['body_hash', 'status_code', 'response_text'])
    .where('org_id', '=', actor.orgId)
    .where('caller', '=', caller)
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
  return { status: stored.status_code, body: stored.response_text ?? 'null' };
}

/** Keep an answer the handler's transaction did not (a refusal, or a multi-step handler). */
export async function storeResponse(
  context: AppContext,
  actor: Actor,
  key: string,
  status: number,
  body: string,
): Promise<void> {
  await context.store.db
    .updateTable('idempotency_keys')
    .set({ status_code: status, response_text: body === '' ? 'null' : body })
    .where('org_id', '=', actor.orgId)
    .where('caller', '=', actorLabel(actor))
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

/** A request that failed before it changed anything gives its key back. */
export async function releaseKey(context: AppContext, actor: Actor, key: string): Promise<void> {
  await context.store.db
    .deleteFrom('idempotency_keys')
    .where('org_id', '=', actor.orgId)
    .where('caller', '=', actorLabel(actor))
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

/** Expired keys go, a bounded batch at a time. */
async function purgeExpired(context: AppContext, orgId: string, now: Date): Promise<void> {
  const expiry = new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000);
  await sql`delete from idempotency_keys where (org_id, caller, key) in (
      select org_id, caller, key from idempotency_keys
      where org_id = ${orgId} and created_at < ${expiry} limit 100)`.execute(context.store.db);
}
