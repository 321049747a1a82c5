import { AppError, notFound } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, requireScope, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { loadOrganization } from '../organizations/organization-clock.js';
import type { PaymentMethodsTable } from '../../store/schema.js';
import type { Selectable } from 'kysely';
import { gatewayOf } from './payment-gateway.js';

type PaymentMethodRow = Selectable<PaymentMethodsTable>;

export function paymentMethodView(row: PaymentMethodRow) {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    isDefault: row.is_default,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Keep a card on file: the token the gateway gave the browser is attached to the
 * organisation (a customer of the gateway, made at its first card); a card the issuer
 * declines is refused (402 payment_failed, with the gateway's reason) and nothing is kept.
 * The first card, or one asked to be, becomes the default the invoices are charged to.
 */
export async function addPaymentMethod(
  context: AppContext,
  actor: Actor,
  input: { readonly token: string; readonly makeDefault?: boolean | undefined },
) {
  requireScope(actor, 'billing:manage');
  const gateway = gatewayOf(context);
  const organization = await loadOrganization(context.store.db, actor.orgId);
  let customer = organization.payment_customer;
  if (!customer) {
    customer = await gateway.createCustomer({ reference: actor.orgId, name: organization.name });
    await context.store.db
      .updateTable('organizations')
      .set({ payment_customer: customer })
      .where('id', '=', actor.orgId)
      .where('payment_customer', 'is', null)
      .execute();
  }
  const attached = await gateway.attachCard({ customer, token: input.token });
  const now = context.clock();
  if (!attached.ok) {
    await inTransaction(context, (trx) =>
      audit(trx, actor, now, {
        action: 'payment_method.declined',
        subject: actor.orgId,
        after: { code: attached.code, message: attached.message },
      }),
    );
    throw new AppError('payment_failed', attached.message, 'token', {
      declineCode: attached.code,
    });
  }
  return inTransaction(context, async (trx) => {
    // The organisation's row first: two cards added at once then agree on which is the
    // default (the default read after the lock sees the other's).
    await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', actor.orgId)
      .forNoKeyUpdate()
      .execute();
    const current = await defaultMethod(trx, actor.orgId);
    const makeDefault = input.makeDefault === true || !current;
    if (makeDefault && current) {
      await trx
        .updateTable('payment_methods')
        .set({ is_default: false })
        .where('id', '=', current.id)
        .execute();
    }
    const row: PaymentMethodRow = {
      org_id: actor.orgId,
      id: newId('pm', now),
      gateway: gateway.name,
      gateway_method: attached.method,
      brand: attached.brand,
      last4: attached.last4,
      exp_month: attached.expMonth,
      exp_year: attached.expYear,
      is_default: makeDefault,
      created_at: now,
      removed_at: null,
    };
    await trx.insertInto('payment_methods').values(row).execute();
    await audit(trx, actor, now, {
      action: 'payment_method.added',
      subject: row.id,
      after: { brand: row.brand, last4: row.last4, isDefault: makeDefault },
    });
    return paymentMethodView(row);
  });
}

export async function listPaymentMethods(context: AppContext, actor: Actor) {
  requireScope(actor, 'billing:read');
  const rows = await context.store.db
    .selectFrom('payment_methods')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  return { data: rows.map(paymentMethodView) };
}

/** Make a card the default, or take it off file (the default only when it is the last). */
export async function updatePaymentMethod(
  context: AppContext,
  actor: Actor,
  id: string,
  change: { readonly makeDefault?: true; readonly remove?: true },
) {
  requireScope(actor, 'billing:manage');
  return inTransaction(context, async (trx) => {
    const now = context.clock();
    const row = await trx
      .selectFrom('payment_methods')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Payment method', 'paymentMethodId');
    if (change.remove) {
      const others = await trx
        .selectFrom('payment_methods')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('removed_at', 'is', null)
        .where('id', '<>', id)
        .execute();
      if (row.is_default && others.length > 0) {
        throw new AppError(
          'conflict',
          'This is the default card: make another the default before removing it',
          'paymentMethodId',
        );
      }
      await trx
        .updateTable('payment_methods')
        .set({ removed_at: now, is_default: false })
        .where('id', '=', id)
        .execute();
      await audit(trx, actor, now, {
        action: 'payment_method.removed',
        subject: id,
        before: { brand: row.brand, last4: row.last4 },
      });
      return { ...paymentMethodView(row), isDefault: false };
    }
    await trx
      .updateTable('payment_methods')
      .set({ is_default: false })
      .where('org_id', '=', actor.orgId)
      .where('is_default', '=', true)
      .execute();
    await trx
      .updateTable('payment_methods')
      .set({ is_default: true })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, now, {
      action: 'payment_method.made_default',
      subject: id,
      after: { brand: row.brand, last4: row.last4 },
    });
    return { ...paymentMethodView(row), isDefault: true };
  });
}

/** The organisation's default card on file, if any. */
export async function defaultMethod(db: Db, orgId: string): Promise<PaymentMethodRow | undefined> {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('is_default', '=', true)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}
