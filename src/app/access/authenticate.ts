import type { StaffRow } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import { SCOPES, type Actor, type AppContext, type Scope } from '../context.js';
import { hashSecret } from '../secrets.js';

/** The scopes a staff member's permissions give them through a session. */
export function scopesOfStaff(staff: StaffRow): Set<Scope> {
  return scopesOfPermissions(staff.permissions, staff.is_owner);
}

export function scopesOfPermissions(permissions: readonly string[], isOwner: boolean): Set<Scope> {
  if (isOwner || permissions.includes('org_admin')) return new Set(SCOPES);
  const scopes = new Set<Scope>();
  if (permissions.includes('licences_manage')) scopes.add('licences:manage');
  if (permissions.includes('staff_manage')) scopes.add('staff:manage');
  if (permissions.includes('billing') || permissions.includes('billing_with_documentation')) {
    scopes.add('billing:read');
  }
  return scopes;
}

/**
 * The organisation key behind a bearer token. A key made by a staff member does no more than
 * they may do now, and stops working when they are made inactive (their rights are the
 * key's ceiling); a key made by the operator or the system keeps its own scopes.
 */
export async function actorFromApiKey(context: AppContext, key: string): Promise<Actor> {
  const hash = hashSecret(key);
  const cache = cacheOf(context);
  const now = Date.now();
  const cached = cache.get(hash);
  if (cached && cached.until > now) return cached.actor;
  const actor = await loadKeyActor(context, hash);
  cache.delete(hash);
  cache.set(hash, { actor, until: now + KEY_CACHE_MS });
  while (cache.size > KEY_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return actor;
}

/**
 * Keys known to be valid, for a few seconds: authentication costs no query on most requests.
 * A revocation, a permission change or a member made inactive clears this process's cache at
 * once; another process sees it within KEY_CACHE_MS.
 */
export const KEY_CACHE_MS = 5_000;
const KEY_CACHE_SIZE = 10_000;
const keyCaches = new WeakMap<object, Map<string, { actor: Actor; until: number }>>();

function cacheOf(context: AppContext): Map<string, { actor: Actor; until: number }> {
  let cache = keyCaches.get(context.store);
  if (!cache) {
    cache = new Map();
    keyCaches.set(context.store, cache);
  }
  return cache;
}

/** Forget every cached key of this store: something that bounds what keys may do changed. */
export function forgetCachedKeys(context: AppContext): void {
  keyCaches.get(context.store)?.clear();
}

async function loadKeyActor(context: AppContext, hash: string): Promise<Actor> {
  const row = await context.store.db
    .selectFrom('api_keys')
    .leftJoin('staff', 'staff.id', 'api_keys.owner_staff_id')
    .select([
      'api_keys.id',
      'api_keys.org_id',
      'api_keys.scopes',
      'api_keys.owner_staff_id',
      'staff.status as owner_status',
      'staff.permissions as owner_permissions',
      'staff.is_owner as owner_is_owner',
    ])
    .where('api_keys.key_hash', '=', hash)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('unauthorized', 'Unknown or revoked API key');
  let scopes = new Set(
    row.scopes.filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope)),
  );
  if (row.owner_staff_id) {
    if (row.owner_status !== 'active') {
      throw new AppError('unauthorized', 'The staff member who made this API key is inactive');
    }
    const ceiling = scopesOfPermissions(row.owner_permissions ?? [], row.owner_is_owner ?? false);
    scopes = new Set([...scopes].filter((scope) => ceiling.has(scope)));
  }
  return {
    orgId: row.org_id,
    kind: 'api_key',
    id: row.id,
    scopes,
    staffId: row.owner_staff_id,
    ...(row.owner_staff_id
      ? { grants: grantsOf(row.owner_permissions ?? [], row.owner_is_owner ?? false) }
      : {}),
  };
}

export async function actorFromSession(context: AppContext, token: string): Promise<Actor> {
  const now = context.clock();
  const row = await context.store.db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .selectAll('staff')
    .where('sessions.id', '=', hashSecret(token))
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || row.status !== 'active')
    throw new AppError('unauthorized', 'Sign in again: the session has ended');
  return {
    orgId: row.org_id,
    kind: 'staff',
    id: row.id,
    scopes: scopesOfStaff(row),
    staffId: row.id,
    grants: grantsOf(row.permissions, row.is_owner),
  };
}

/** The owner and organisation admins may grant every permission; others only their own. */
function grantsOf(permissions: readonly string[], isOwner: boolean): 'all' | readonly string[] {
  return isOwner || permissions.includes('org_admin') ? 'all' : permissions;
}
