import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext } from '../context.js';
import { loadOrganization, organizationNow } from '../organizations/organization-clock.js';
import {
  CONFIGURABLE_KINDS,
  DEFAULT_ROLES,
  preferencesOf,
  type ConfigurableKind,
  type Preference,
} from './notify.js';

export interface PreferencesChange {
  /** Where invoices and billing notices go; null: back to the owner's e-mail. */
  readonly billingEmail?: string | null | undefined;
  readonly kinds?: Partial<Record<ConfigurableKind, Preference>> | undefined;
}

function view(organization: { billing_email: string | null; notification_preferences: unknown }) {
  const kinds = preferencesOf(organization.notification_preferences);
  return {
    billingEmail: organization.billing_email,
    kinds: Object.fromEntries(
      CONFIGURABLE_KINDS.map((kind) => [
        kind,
        { ...kinds[kind], defaultRoles: [...DEFAULT_ROLES[kind]] },
      ]),
    ),
  };
}

/** Who gets which message, and the billing contact. */
export async function getPreferences(context: AppContext, actor: Actor) {
  requireScope(actor, 'billing:read');
  return view(await loadOrganization(context.store.db, actor.orgId));
}

/**
 * Change who gets which message (kinds not named keep theirs) and the billing contact. The
 * messages about one person's own access (invitation, reset, permissions) are not configurable.
 */
export async function setPreferences(context: AppContext, actor: Actor, change: PreferencesChange) {
  requireScope(actor, 'billing:manage');
  return inTransaction(context, async (trx) => {
    // The row locked before it is read: two changes at once merge, neither is lost.
    await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', actor.orgId)
      .forUpdate()
      .execute();
    const organization = await loadOrganization(trx, actor.orgId);
    const now = organizationNow(context, organization);
    const current = preferencesOf(organization.notification_preferences);
    const next = { ...current, ...change.kinds };
    for (const [kind, preference] of Object.entries(change.kinds ?? {})) {
      const also = new Set(preference.also.map((address) => address.toLowerCase()));
      if (also.size !== preference.also.length) {
        throw new AppError('validation_failed', 'An address is named twice', `kinds.${kind}.also`);
      }
    }
    const billingEmail =
      change.billingEmail === undefined ? organization.billing_email : change.billingEmail;
    await trx
      .updateTable('organizations')
      .set({ billing_email: billingEmail, notification_preferences: JSON.stringify(next) })
      .where('id', '=', actor.orgId)
      .execute();
    await audit(trx, actor, now, {
      action: 'notifications.preferences_changed',
      subject: actor.orgId,
      before: { billingEmail: organization.billing_email, kinds: current },
      after: { billingEmail, kinds: next },
    });
    return view({ billing_email: billingEmail, notification_preferences: next });
  });
}
