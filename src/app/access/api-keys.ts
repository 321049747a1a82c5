import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import {
  inTransaction,
  requireScope,
  type Actor,
  type AppContext,
  type Scope,
} from '../context.js';
import { newId } from '../ids.js';
import { newSecret } from '../secrets.js';
import { forgetCachedKeys } from './authenticate.js';

const ADMIN: Scope = 'billing:manage';

export async function createApiKey(
  context: AppContext,
  actor: Actor,
  input: { name: string; scopes: readonly Scope[] },
): Promise<{ id: string; key: string; name: string; scopes: readonly Scope[] }> {
  requireScope(actor, ADMIN);
  for (const [i, scope] of input.scopes.entries()) {
    if (!actor.scopes.has(scope))
      throw new AppError('forbidden', `You cannot grant ${scope}`, `scopes[${i}]`);
  }
  return inTransaction(context, async (trx) => {
    const now = context.clock();
    const id = newId('key', now);
    const { secret, hash } = newSecret('sk');
    await trx
      .insertInto('api_keys')
      .values({
        org_id: actor.orgId,
        id,
        name: input.name,
        key_hash: hash,
        scopes: [...input.scopes],
        // The person behind the caller owns the key: it never does more than they may.
        owner_staff_id: actor.staffId ?? null,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    await audit(trx, actor, now, {
      action: 'api_key.created',
      subject: id,
      after: { name: input.name, scopes: input.scopes },
    });
    return { id, key: secret, name: input.name, scopes: input.scopes };
  });
}

export async function listApiKeys(context: AppContext, actor: Actor) {
  requireScope(actor, ADMIN);
  const rows = await context.store.db
    .selectFrom('api_keys')
    .select(['id', 'name', 'scopes', 'created_at', 'revoked_at'])
    .where('org_id', '=', actor.orgId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeApiKey(context: AppContext, actor: Actor, id: string): Promise<void> {
  requireScope(actor, ADMIN);
  await inTransaction(context, async (trx) => {
    const now = context.clock();
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!revoked) throw notFound('API key', 'id');
    await audit(trx, actor, now, { action: 'api_key.revoked', subject: id });
  });
  forgetCachedKeys(context);
}
