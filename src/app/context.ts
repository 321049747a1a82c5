import type { Kysely, Transaction } from 'kysely';
import type { Store } from '../store/open-database.js';
import type { Database } from '../store/schema.js';
import type { Mailer } from '../mail/mailer.js';
import type { PaymentGateway } from '../payments/gateway.js';
import { AppError } from './app-error.js';
import { keepResponse, responseScope } from './response-scope.js';

/**
 * What every use case runs with: the store, the wall clock (read here, never in core), and
 * the payment gateway (the embedded test gateway when none is given: app/payments).
 */
export interface AppContext {
  readonly store: Store;
  readonly clock: () => Date;
  readonly gateway?: PaymentGateway;
  /** Who sends the invoices (VENDOR_NAME, VENDOR_ADDRESS); "Seatledger" when not set. */
  readonly vendor?: { readonly name: string; readonly address: string | null };
  /** What carries e-mail (SMTP, or the local mailbox); messages wait in the queue without one. */
  readonly mailer?: Mailer;
  /** Where people reach the console, for links in messages (PUBLIC_URL). */
  readonly publicUrl?: string;
  /** The From of every message (MAIL_FROM). */
  readonly mailFrom?: string;
  /** Webhooks may reach private and loopback addresses (WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1). */
  readonly allowPrivateWebhooks?: boolean;
}

export type Db = Kysely<Database> | Transaction<Database>;

export const SCOPES = [
  'licences:manage',
  'staff:manage',
  'billing:manage',
  'billing:read',
  'staff:read',
  'audit:read',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Reads follow the 003 permission groups (docs/security.md): prices, invoices and spend need
 * billing:read, staff e-mails staff:read, the audit log audit:read. Managing implies reading.
 */
const IMPLIED_BY: Readonly<Partial<Record<Scope, readonly Scope[]>>> = {
  'billing:read': ['billing:manage', 'licences:manage'],
  'staff:read': ['staff:manage'],
  'audit:read': ['billing:manage'],
};

export function hasScope(actor: Actor, scope: Scope): boolean {
  return actor.scopes.has(scope) || (IMPLIED_BY[scope] ?? []).some((s) => actor.scopes.has(s));
}

/**
 * Who is asking: a staff member signed in, or an API key, always of one organisation; or the
 * vendor's operator, on the catalog (orgId empty) or acting for one organisation.
 */
export interface Actor {
  readonly orgId: string;
  readonly kind: 'staff' | 'api_key' | 'system' | 'operator';
  readonly id: string;
  readonly scopes: ReadonlySet<Scope>;
  /** The staff member behind it: the one signed in, or the owner of the API key. */
  readonly staffId?: string | null;
  /**
   * What they may grant to others (003): every permission for the owner and organisation
   * admins, else the permissions they hold. Absent: no person behind it (system, operator).
   */
  readonly grants?: 'all' | readonly string[];
}

/** May this actor give someone this permission? Never one they do not hold themselves. */
export function mayGrant(actor: Actor, permission: string): boolean {
  if (actor.grants === undefined || actor.grants === 'all') return true;
  return actor.grants.includes(permission);
}

export function requireScope(actor: Actor, scope: Scope): void {
  if (!hasScope(actor, scope)) {
    throw new AppError('forbidden', `This needs the ${scope} scope`, null, { scope });
  }
}

/** The actor as the audit log and the event log record it. */
export function actorLabel(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}

/**
 * Run work in one transaction. A unique violation from the database becomes a `conflict`,
 * whichever driver raised it.
 */
export async function inTransaction<T>(
  context: AppContext,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const pending = responseScope.getStore();
  const storedBefore = pending?.stored ?? false;
  try {
    return await context.store.db.transaction().execute(async (trx) => {
      const result = await work(trx);
      await keepResponse(trx, result);
      return result;
    });
  } catch (error) {
    // The answer kept in this transaction went with it (a commit refused at the end: the
    // pool trigger): the next transaction of the handler keeps it.
    if (pending && !storedBefore) pending.stored = false;
    if (CONFLICTS.has(String((error as { code?: unknown }).code))) {
      throw new AppError(
        'conflict',
        'This conflicts with a change made at the same time; try again',
      );
    }
    throw error;
  }
}

/**
 * Database refusals that mean "something changed at the same time": a unique key taken
 * meanwhile, a deadlock PostgreSQL broke by aborting this transaction, a serialization
 * failure. The request changed nothing and may be tried again (409 conflict).
 */
const CONFLICTS = new Set(['23505', '40P01', '40001']);
