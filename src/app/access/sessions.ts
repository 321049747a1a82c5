import { AppError } from '../app-error.js';
import type { AppContext } from '../context.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../secrets.js';

export const SESSION_HOURS = 12;

let throwaway: Promise<string> | null = null;
function throwawayHash(): Promise<string> {
  throwaway ??= hashPassword('not a password anyone has');
  return throwaway;
}

/** The most organisations one e-mail is checked in at sign-in. */
const MAX_ACCOUNTS_PER_EMAIL = 10;

/**
 * Sign in with email and password: a session token for an HTTP-only cookie. An address may
 * belong to several organisations; `organizationId` picks one, else the first (oldest) whose
 * password matches. Every failure, an inactive member's correct password included, is the
 * same answer, in about the same time: nothing says whether an address exists.
 */
export async function signIn(
  context: AppContext,
  email: string,
  password: string,
  organizationId: string | null = null,
): Promise<{ token: string; staffId: string; orgId: string; expiresAt: Date }> {
  let query = context.store.db
    .selectFrom('staff')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (organizationId) query = query.where('org_id', '=', organizationId);
  const candidates = await query.orderBy('created_at').limit(MAX_ACCOUNTS_PER_EMAIL).execute();
  let staff: (typeof candidates)[number] | undefined;
  // Without a staff member, check against a throwaway hash anyway: the answer takes as
  // long for an unknown email as for a wrong password.
  if (candidates.length === 0) await verifyPassword(password, await throwawayHash());
  for (const candidate of candidates) {
    if (!candidate.password_hash) continue;
    if (await verifyPassword(password, candidate.password_hash)) {
      staff = candidate;
      break;
    }
  }
  if (!staff || staff.status !== 'active') {
    throw new AppError('invalid_credentials', 'Wrong email or password');
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
