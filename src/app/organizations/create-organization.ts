import { checkLimits, PERMISSION_KEYS } from '../../core/index.js';
import { findLicenceType } from '../../core/plans/index.js';
import { choosePlan, type ChosenPlan } from '../catalog/plan-catalog.js';
import { AppError } from '../app-error.js';
import { audit } from '../audit.js';
import { inTransaction, SCOPES, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { hashPassword, newSecret } from '../secrets.js';
import { issueDueInvoices } from '../billing/issue-invoices.js';
import { refreshPools } from '../licences/licence-pool-rows.js';
import { loadSubscriptionLog, stateAt } from '../subscriptions/subscription-log.js';

export interface NewOrganization {
  readonly name: string;
  readonly timeZone: string;
  /** A plan on sale in the catalog; the subscriptions pin the version offered now. */
  readonly planId: string;
  /** Seats per licence type: for the organisation, or for each location on a per-location plan. */
  readonly seats: Readonly<Record<string, number>>;
  readonly locations: readonly {
    readonly name: string;
    readonly seats?: Readonly<Record<string, number>> | undefined;
  }[];
  readonly owner: { readonly name: string; readonly email: string; readonly password: string };
  /** Starts the organisation on a test clock at this instant; its time then moves only when told. */
  readonly testClockStartsAt: Date | null;
}

export interface CreatedOrganization {
  readonly organizationId: string;
  readonly ownerId: string;
  readonly apiKey: string;
  readonly subscriptionIds: readonly string[];
}

/**
 * Sign-up: the organisation, its clinics, the owner (with the owner licence, switched on,
 * and every permission), a subscription per organisation or per clinic as the plan's scope
 * says, its first invoice, and an API key with every scope, shown once.
 */
export async function createOrganization(
  context: AppContext,
  input: NewOrganization,
): Promise<CreatedOrganization> {
  const passwordHash = await hashPassword(input.owner.password);
  return inTransaction(context, async (trx) => {
    const now = input.testClockStartsAt ?? context.clock();
    const chosen = await choosePlan(trx, null, input.planId, 'plan');
    const plan = chosen.plan;
    const orgId = newId('org', now);
    const ownerId = newId('stf', now);
    const actor: Actor = { orgId, kind: 'system', id: 'sign-up', scopes: new Set(SCOPES) };
    // E-mails are unique per organisation: a new one holds none yet, so sign-up says nothing
    // of whether an address is used elsewhere.
    await trx
      .insertInto('organizations')
      .values({
        id: orgId,
        name: input.name,
        time_zone: input.timeZone,
        currency: plan.currency,
        owner_staff_id: ownerId,
        test_clock_at: input.testClockStartsAt,
        created_at: now,
      })
      .execute();
    const locationIds: string[] = [];
    for (const location of input.locations) {
      const id = newId('loc', now);
      locationIds.push(id);
      await trx
        .insertInto('locations')
        .values({ org_id: orgId, id, name: location.name, created_at: now })
        .execute();
    }
    await trx
      .insertInto('staff')
      .values({
        org_id: orgId,
        id: ownerId,
        location_id: locationIds[0] ?? null,
        name: input.owner.name,
        email: input.owner.email,
        status: 'active',
        permissions: [...PERMISSION_KEYS],
        is_owner: true,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })
      .execute();

    const perLocation = plan.service.scope === 'location';
    const scopes = perLocation
      ? input.locations.map((location, i) => ({
          locationId: locationIds[i] ?? null,
          seats: location.seats ?? input.seats,
        }))
      : [{ locationId: null, seats: input.seats }];
    const subscriptionIds: string[] = [];
    for (const [i, scope] of scopes.entries()) {
      const id = await createSubscription(trx, {
        orgId,
        locationId: scope.locationId,
        plan: chosen,
        timeZone: input.timeZone,
        seats: scope.seats,
        start: now,
        field: perLocation ? `locations[${i}].seats` : 'seats',
      });
      subscriptionIds.push(id);
    }

    const ownerType = plan.service.ownerLicence;
    const ownerSubscription = subscriptionIds[0];
    if (ownerType && ownerSubscription) {
      const seats = scopes[0]?.seats[ownerType] ?? 0;
      if (seats < 1) {
        throw new AppError(
          'validation_failed',
          `The owner always holds a ${ownerType} licence: buy at least one`,
          perLocation ? `locations[0].seats.${ownerType}` : `seats.${ownerType}`,
        );
      }
      await trx
        .insertInto('licence_assignments')
        .values({
          org_id: orgId,
          id: newId('lic', now),
          subscription_id: ownerSubscription,
          staff_id: ownerId,
          licence_type: ownerType,
          active: true,
          assigned_at: now,
          released_at: null,
        })
        .execute();
    }
    const key = newSecret('sk');
    await trx
      .insertInto('api_keys')
      .values({
        org_id: orgId,
        id: newId('key', now),
        name: 'Sign-up key',
        key_hash: key.hash,
        scopes: [...SCOPES],
        owner_staff_id: ownerId,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    await audit(trx, actor, now, {
      action: 'organization.created',
      subject: orgId,
      after: {
        name: input.name,
        timeZone: input.timeZone,
        plan: chosen.planId,
        planVersionId: chosen.versionId,
        locations: input.locations.map((l) => l.name),
      },
    });
    return { organizationId: orgId, ownerId, apiKey: key.secret, subscriptionIds };
  });
}

export interface NewSubscription {
  readonly orgId: string;
  readonly locationId: string | null;
  readonly plan: ChosenPlan;
  readonly timeZone: string;
  readonly seats: Readonly<Record<string, number>>;
  readonly start: Date;
  readonly field: string;
}

/** A subscription starting now, invoiced for its first period at once. */
export async function createSubscription(db: Db, input: NewSubscription): Promise<string> {
  const plan = input.plan.plan;
  for (const [key, quantity] of Object.entries(input.seats)) {
    if (!findLicenceType(plan, key)) {
      throw new AppError(
        'validation_failed',
        `${key} is not a licence type of the plan`,
        `${input.field}.${key}`,
      );
    }
    if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > 1e6) {
      throw new AppError(
        'validation_failed',
        'must be an integer from 0 to 1000000',
        `${input.field}.${key}`,
      );
    }
    if (quantity % plan.blockSize !== 0 && !findLicenceType(plan, key)?.unlimited) {
      throw new AppError(
        'block_size',
        `Licences are sold in blocks of ${plan.blockSize}`,
        `${input.field}.${key}`,
      );
    }
  }
  const limit = checkLimits(plan, new Map(Object.entries(input.seats)), input.field);
  if (limit) throw new AppError(limit.code, limit.message, limit.field);
  const id = newId('sub', input.start);
  await db
    .insertInto('subscriptions')
    .values({
      org_id: input.orgId,
      id,
      location_id: input.locationId,
      plan_id: input.plan.planId,
      plan_version_id: input.plan.versionId,
      plan: JSON.stringify(input.plan.definition),
      time_zone: input.timeZone,
      start_at: input.start,
      billing_anchor: input.start,
      seats: JSON.stringify(input.seats),
      billed_through: null,
      created_at: input.start,
    })
    .execute();
  const log = await loadSubscriptionLog(db, input.orgId, id, { lock: false });
  const state = stateAt(log, input.start);
  await issueDueInvoices(db, log, state, input.start);
  await refreshPools(db, log.row, state);
  return id;
}
