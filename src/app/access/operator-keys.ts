import { AppError } from '../app-error.js';
import { SCOPES, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { newSecret, hashSecret } from '../secrets.js';

/** Operator keys belong to the vendor running Seatledger, never to an organisation. */
export const OPERATOR_KEY_PREFIX = 'op';

/** Create an operator key (at first start, or by `seatledger operator-key`); shown once. */
export async function createOperatorKey(
  db: Db,
  name: string,
  now: Date,
): Promise<{ id: string; key: string }> {
  const id = newId('opk', now);
  const { secret, hash } = newSecret(OPERATOR_KEY_PREFIX);
  await db
    .insertInto('operator_keys')
    .values({ id, name, key_hash: hash, created_at: now, revoked_at: null })
    .execute();
  return { id, key: secret };
}

export async function hasOperatorKey(db: Db): Promise<boolean> {
  const row = await db.selectFrom('operator_keys').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export function isOperatorKey(key: string): boolean {
  return key.startsWith(`${OPERATOR_KEY_PREFIX}_`);
}

/**
 * The operator behind a key. Acting for an organisation (`onBehalfOf`), the operator has every
 * scope of that organisation and the audit log names the operator's key; otherwise the actor
 * reaches only the operator's own routes.
 */
export async function actorFromOperatorKey(
  context: AppContext,
  key: string,
  onBehalfOf: string | null,
): Promise<Actor> {
  const row = await context.store.db
    .selectFrom('operator_keys')
    .select(['id'])
    .where('key_hash', '=', hashSecret(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('unauthorized', 'Unknown or revoked operator key');
  if (onBehalfOf === null) return { orgId: '', kind: 'operator', id: row.id, scopes: new Set() };
  const organization = await context.store.db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', onBehalfOf)
    .executeTakeFirst();
  if (!organization) {
    throw new AppError('not_found', 'No organisation with this id', 'Seatledger-Organization');
  }
  return { orgId: organization.id, kind: 'operator', id: row.id, scopes: new Set(SCOPES) };
}

/** Operator routes take an operator key and nothing else. */
export function requireOperator(actor: Actor): void {
  if (actor.kind !== 'operator') {
    throw new AppError('forbidden', 'This needs an operator key, not an organisation credential');
  }
}
