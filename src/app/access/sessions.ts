import { AppError } from '../app-error.js';
import type { AppContext } from '../context.js';
import { hashSecret, newSecret, verifyPassword } from '../secrets.js';

export const SESSION_HOURS = 12;

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
  const valid = staff?.password_hash ? await verifyPassword(password, staff.password_hash) : false;
  if (!staff || !valid) throw new AppError('invalid_credentials', 'Wrong email or password');
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
