import { AppError } from '../app-error.js';
import type { AppContext } from '../context.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../secrets.js';

export const SESSION_HOURS = 12;

let throwaway: Promise<string> | null = null;
function throwawayHash(): Promise<string> {
  throwaway ??= hashPassword('not a password anyone has');
  return throwaway;
}

/** Sign in with email and password: a session token for an HTTP-only cookie. */
export async function signIn(
  context: AppContext,
  email: string,
  password: string,
): Promise<{ token: string; staffId: string; orgId: string; expiresAt: Date }> {
  const staff = await context.store.db
    .selectFrom('staff')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  // Without a staff member, check against a throwaway hash anyway: the answer takes as
  // long for an unknown email as for a wrong password.
  const valid = await verifyPassword(password, staff?.password_hash ?? (await throwawayHash()));
  if (!staff?.password_hash || !valid) {
    throw new AppError('invalid_credentials', 'Wrong email or password');
  }
  if (staff.status !== 'active') {
    throw new AppError('forbidden', 'This staff member is inactive and cannot sign in');
  }
  const now = context.clock();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  const { secret, hash } = newSecret('ses');
  await context.store.db
    .insertInto('sessions')
    .values({
      org_id: staff.org_id,
      id: hash,
      staff_id: staff.id,
      created_at: now,
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { token: secret, staffId: staff.id, orgId: staff.org_id, expiresAt };
}

export async function signOut(context: AppContext, token: string): Promise<void> {
  await context.store.db
    .updateTable('sessions')
    .set({ revoked_at: context.clock() })
    .where('id', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .execute();
}
