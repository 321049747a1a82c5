import { signInLinkEmail } from '../../notifications/templates/sign-in-links.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { consoleLink, notify } from '../notifications/notify.js';
import { hashPassword, hashSecret, newSecret } from '../secrets.js';

/** An invitation stays open a week; a reset an hour. */
const LIFETIME_MS = { invitation: 7 * 86_400_000, reset: 3_600_000 } as const;
/** Resets asked for one account in an hour, at most: more are not sent (and not said). */
const RESETS_PER_HOUR = 3;
/** The most accounts one address is looked up in. */
const MAX_ACCOUNTS_PER_EMAIL = 10;

/**
 * Make a single-use link for a staff member and queue it to them, in the caller's transaction:
 * the links still open for them are closed (only the newest works). The link carries the
 * secret; only its hash is kept.
 */
export async function sendSignInLink(
  context: AppContext,
  db: Db,
  staff: { id: string; org_id: string },
  purpose: 'invitation' | 'reset',
  inviter: string | null,
  at: Date,
): Promise<string> {
  // Links live on the wall clock: they are used by people, now, whatever a test clock says.
  const now = context.clock();
  await db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('staff_id', '=', staff.id)
    .where('used_at', 'is', null)
    .execute();
  const { secret, hash } = newSecret(purpose === 'invitation' ? 'inv' : 'rst');
  const expiresAt = new Date(now.getTime() + LIFETIME_MS[purpose]);
  await db
    .insertInto('sign_in_links')
    .values({
      org_id: staff.org_id,
      id: newId('sil', now),
      staff_id: staff.id,
      purpose,
      token_hash: hash,
      expires_at: expiresAt,
      used_at: null,
      created_at: now,
    })
    .execute();
  const zone = await db
    .selectFrom('organizations')
    .select('time_zone')
    .where('id', '=', staff.org_id)
    .executeTakeFirstOrThrow();
  const [recipient] = await notify(context, db, {
    orgId: staff.org_id,
    kind: purpose === 'invitation' ? 'staff_invitation' : 'password_reset',
    subjectStaffId: staff.id,
    at,
    content: signInLinkEmail({
      purpose,
      inviter,
      link: consoleLink(context, `set-password/${secret}`),
      expiresAt,
      timeZone: zone.time_zone,
    }),
  });
  return recipient?.email ?? '';
}

/**
 * A forgotten password (anonymous): every active account using this address gets a reset
 * link, at most a few an hour each. The answer is the same whether or not any exists.
 */
export async function requestPasswordReset(context: AppContext, email: string): Promise<void> {
  const now = context.clock();
  await inTransaction(context, async (trx) => {
    const accounts = await trx
      .selectFrom('staff')
      .select(['id', 'org_id'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('status', '=', 'active')
      .orderBy('created_at')
      .limit(MAX_ACCOUNTS_PER_EMAIL)
      .forUpdate()
      .execute();
    for (const account of accounts) {
      const recent = await trx
        .selectFrom('sign_in_links')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('staff_id', '=', account.id)
        .where('purpose', '=', 'reset')
        .where('created_at', '>', new Date(now.getTime() - 3_600_000))
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= RESETS_PER_HOUR) continue;
      await sendSignInLink(context, trx, account, 'reset', null, now);
    }
  });
}

/**
 * Set a password with a link: once, before it expires. Every other open link of the person is
 * closed and their sessions end (a reset may follow a stolen password). Answers who it was for.
 */
export async function redeemSignInLink(context: AppContext, token: string, password: string) {
  const now = context.clock();
  // A token that opens nothing costs one indexed read, not a password hash: strangers cannot
  // make the server hash for them. Checked again under the link's lock below.
  const known = await context.store.db
    .selectFrom('sign_in_links')
    .select('id')
    .where('token_hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!known) throw expiredLink();
  const passwordHash = await hashPassword(password);
  return inTransaction(context, async (trx) => {
    const link = await trx
      .selectFrom('sign_in_links')
      .innerJoin('staff', 'staff.id', 'sign_in_links.staff_id')
      .innerJoin('organizations', 'organizations.id', 'sign_in_links.org_id')
      .select([
        'sign_in_links.id',
        'sign_in_links.purpose',
        'sign_in_links.expires_at',
        'sign_in_links.used_at',
        'staff.id as staff_id',
        'staff.org_id',
        'staff.email',
        'staff.status',
        'organizations.name as organization',
      ])
      .where('sign_in_links.token_hash', '=', hashSecret(token))
      .forUpdate('sign_in_links')
      .executeTakeFirst();
    if (!link || link.used_at || link.expires_at <= now || link.status !== 'active') {
      throw expiredLink();
    }
    await trx
      .updateTable('sign_in_links')
      .set({ used_at: now })
      .where('staff_id', '=', link.staff_id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .updateTable('staff')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', link.staff_id)
      .execute();
    await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('staff_id', '=', link.staff_id)
      .where('revoked_at', 'is', null)
      .execute();
    const actor: Actor = {
      orgId: link.org_id,
      kind: 'staff',
      id: link.staff_id,
      staffId: link.staff_id,
      scopes: new Set(),
    };
    await audit(trx, actor, now, {
      action: link.purpose === 'invitation' ? 'staff.invitation_accepted' : 'staff.password_reset',
      subject: link.staff_id,
    });
    return { email: link.email, organizationId: link.org_id, organizationName: link.organization };
  });
}

function expiredLink(): AppError {
  return new AppError(
    'link_expired',
    'This link has expired or was used already: ask for a new one',
    'token',
  );
}
