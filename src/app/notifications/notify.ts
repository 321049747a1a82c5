import { sql } from 'kysely';
import { renderEmail, type EmailContent } from '../../notifications/email-content.js';
import type { Actor, AppContext, Db } from '../context.js';
import { queueMessage } from './queue-message.js';

/** Who a message may go to, by their relation to what happened. */
export type Role = 'actor' | 'billing_contact' | 'owner' | 'subject' | 'licence_managers';

/**
 * Who gets what by default; an organisation changes it per kind (`notification_preferences`:
 * `{"invoice_issued": {"roles": ["billing_contact"], "also": ["finance@clinic.example"]}}`).
 * Messages about one person's own access (invitation, reset, permissions) always go to them.
 */
export const DEFAULT_ROLES = {
  licence_change: ['actor', 'billing_contact'],
  invoice_issued: ['billing_contact'],
  payment_succeeded: ['billing_contact'],
  payment_failed: ['billing_contact', 'owner'],
  renewal_window: ['billing_contact', 'owner'],
  unused_licences: ['billing_contact'],
  webhook_endpoint_disabled: ['owner', 'billing_contact'],
  // A member asked for licences (12, 001): those who may decide.
  licence_request: ['licence_managers'],
} as const satisfies Record<string, readonly Role[]>;

export type ConfigurableKind = keyof typeof DEFAULT_ROLES;
export type MessageKind =
  | ConfigurableKind
  | 'permissions_changed'
  | 'staff_invitation'
  | 'password_reset'
  | 'request_decided';

export const CONFIGURABLE_KINDS = Object.keys(DEFAULT_ROLES) as ConfigurableKind[];
export const ROLES: readonly Role[] = [
  'actor',
  'billing_contact',
  'owner',
  'subject',
  'licence_managers',
];
/** The most people one role may reach with one message (licence managers). */
const MAX_ROLE_RECIPIENTS = 50;
/** The most extra addresses one kind may go to. */
export const MAX_EXTRA_RECIPIENTS = 5;

export interface Preference {
  readonly roles: readonly Role[];
  readonly also: readonly string[];
}

/** An organisation's preferences read from storage: the defaults where it set nothing. */
export function preferencesOf(stored: unknown): Record<ConfigurableKind, Preference> {
  const saved = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const result = {} as Record<ConfigurableKind, Preference>;
  for (const kind of CONFIGURABLE_KINDS) {
    const entry = saved[kind] as { roles?: unknown; also?: unknown } | undefined;
    const roles = Array.isArray(entry?.roles)
      ? entry.roles.filter((role): role is Role => ROLES.includes(role as Role))
      : [...DEFAULT_ROLES[kind]];
    const also = Array.isArray(entry?.also)
      ? entry.also.filter((address): address is string => typeof address === 'string')
      : [];
    result[kind] = { roles, also };
  }
  return result;
}

export interface Notice {
  readonly orgId: string;
  readonly kind: MessageKind;
  /** The staff member who acted (the actor role), when a person did. */
  readonly actorStaffId?: string | null;
  /** The staff member it is about (the subject role). */
  readonly subjectStaffId?: string | null;
  readonly locationId?: string | null;
  /** When it happened, on the organisation's clock (the audit's time; the message goes now). */
  readonly at: Date;
  readonly content: EmailContent;
  readonly attachments?: readonly { readonly kind: 'invoice_pdf'; readonly invoiceId: string }[];
  readonly dedupKey?: string;
}

export interface Recipient {
  readonly email: string;
  readonly name: string | null;
  readonly because: string;
}

const ALWAYS_TO_SUBJECT: readonly MessageKind[] = [
  'permissions_changed',
  'request_decided',
  'staff_invitation',
  'password_reset',
];

/**
 * Queue a message to everyone the organisation's preferences name for its kind, in the
 * caller's transaction (each recipient once, however many roles they hold). Returns who it
 * was queued for: what the caller may truthfully tell the person who acted.
 */
export async function notify(
  context: AppContext,
  db: Db,
  notice: Notice,
): Promise<readonly Recipient[]> {
  const org = await db
    .selectFrom('organizations')
    .leftJoin('staff as owner', 'owner.id', 'organizations.owner_staff_id')
    .select([
      'organizations.name',
      'organizations.billing_email',
      'organizations.notification_preferences',
      'owner.email as owner_email',
      'owner.name as owner_name',
    ])
    .where('organizations.id', '=', notice.orgId)
    .executeTakeFirstOrThrow();
  const preference: Preference = ALWAYS_TO_SUBJECT.includes(notice.kind)
    ? { roles: ['subject'], also: [] }
    : preferencesOf(org.notification_preferences)[notice.kind as ConfigurableKind];
  const people = async (staffId: string | null | undefined) =>
    staffId
      ? await db
          .selectFrom('staff')
          .select(['email', 'name'])
          .where('org_id', '=', notice.orgId)
          .where('id', '=', staffId)
          .executeTakeFirst()
      : undefined;
  const found: Recipient[] = [];
  const add = (email: string | null | undefined, name: string | null, because: string) => {
    if (!email) return;
    if (found.some((r) => r.email.toLowerCase() === email.toLowerCase())) return;
    found.push({ email, name, because });
  };
  for (const role of preference.roles) {
    if (role === 'actor') {
      const actor = await people(notice.actorStaffId);
      add(actor?.email, actor?.name ?? null, 'you made this change');
    } else if (role === 'subject') {
      const subject = await people(notice.subjectStaffId);
      add(subject?.email, subject?.name ?? null, 'it concerns your own account');
    } else if (role === 'owner') {
      add(org.owner_email, org.owner_name, `you own the account of ${org.name}`);
    } else if (role === 'licence_managers') {
      // Active members who may decide on licences: licence managers and organisation admins.
      const managers = await db
        .selectFrom('staff')
        .select(['email', 'name'])
        .where('org_id', '=', notice.orgId)
        .where('status', '=', 'active')
        .where(sql<boolean>`permissions && array['licences_manage', 'org_admin']::text[]`)
        .orderBy('id')
        .limit(MAX_ROLE_RECIPIENTS)
        .execute();
      for (const manager of managers) {
        add(manager.email, manager.name, `you manage the licences of ${org.name}`);
      }
    } else {
      add(
        org.billing_email ?? org.owner_email,
        org.billing_email ? null : org.owner_name,
        `you are the billing contact of ${org.name}`,
      );
    }
  }
  for (const email of preference.also) {
    add(email, null, `${org.name} asked for these messages to be sent to this address`);
  }
  const clinic = await clinicOf(db, notice.orgId, notice.locationId ?? null);
  for (const recipient of found) {
    const rendered = renderEmail(notice.content, {
      recipientName: recipient.name,
      organization: org.name,
      clinic,
      vendor: context.vendor?.name ?? 'Seatledger',
      because: recipient.because,
    });
    await queueMessage(db, {
      orgId: notice.orgId,
      kind: notice.kind,
      to: { email: recipient.email, name: recipient.name },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      ...(notice.attachments ? { attachments: notice.attachments } : {}),
      ...(notice.dedupKey ? { dedupKey: notice.dedupKey } : {}),
      // Queued on the wall clock, whatever the organisation's (test) clock says: it is sent now.
      at: context.clock(),
    });
  }
  return found;
}

/**
 * The clinic a message is about: the one named, or, for the whole organisation, its only
 * clinic, or "all N clinics".
 */
async function clinicOf(db: Db, orgId: string, locationId: string | null): Promise<string | null> {
  const clinics = await db
    .selectFrom('locations')
    .select('name')
    .where('org_id', '=', orgId)
    .$if(locationId !== null, (query) => query.where('id', '=', locationId ?? ''))
    .orderBy('name')
    .limit(2)
    .execute();
  if (clinics.length === 0) return null;
  if (clinics.length === 1) return clinics[0]?.name ?? null;
  const count = await db
    .selectFrom('locations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return `all ${count.n} clinics`;
}

/**
 * Who acted, as a message names them: the staff member (signed in, or owning the key), the
 * vendor for its operator, else `otherwise` ("An integration", "An administrator").
 */
export async function actorName(
  context: AppContext,
  db: Db,
  actor: Actor,
  otherwise: string,
): Promise<string> {
  if (actor.staffId) {
    const staff = await db
      .selectFrom('staff')
      .select('name')
      .where('id', '=', actor.staffId)
      .executeTakeFirst();
    if (staff) return staff.name;
  }
  return actor.kind === 'operator' ? (context.vendor?.name ?? 'Seatledger') : otherwise;
}

/** A link into the console, for messages. */
export function consoleLink(context: AppContext, path: string): string {
  const base = (context.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  return `${base}/#/${path.replace(/^[#/]+/, '')}`;
}
