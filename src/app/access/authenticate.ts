import type { StaffRow } from '../../store/schema.js';
import { AppError } from '../app-error.js';
import { SCOPES, type Actor, type AppContext, type Scope } from '../context.js';
import { hashSecret } from '../secrets.js';

/** The scopes a staff member's permissions give them through a session. */
export function scopesOfStaff(staff: StaffRow): Set<Scope> {
  if (staff.is_owner || staff.permissions.includes('org_admin')) return new Set(SCOPES);
  const scopes = new Set<Scope>();
  if (staff.permissions.includes('licences_manage')) scopes.add('licences:manage');
  if (staff.permissions.includes('staff_manage')) scopes.add('staff:manage');
  return scopes;
}

export async function actorFromApiKey(context: AppContext, key: string): Promise<Actor> {
  const row = await context.store.db
    .selectFrom('api_keys')
    .select(['id', 'org_id', 'scopes'])
    .where('key_hash', '=', hashSecret(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('unauthorized', 'Unknown or revoked API key');
  return {
    orgId: row.org_id,
    kind: 'api_key',
    id: row.id,
    scopes: new Set(
      row.scopes.filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope)),
    ),
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
  return { orgId: row.org_id, kind: 'staff', id: row.id, scopes: scopesOfStaff(row) };
}
