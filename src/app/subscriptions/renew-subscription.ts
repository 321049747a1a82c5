import { emitEvent } from '../webhooks/emit-event.js';
import { planRenewalLicences, type Holding } from '../../core/licences/renewal-licences.js';
import { AppError } from '../app-error.js';
import { choosePlan, offeredVersion, planOfVersion } from '../catalog/plan-catalog.js';
import type { Actor, AppContext, Db } from '../context.js';
import { newId } from '../ids.js';

import { recordChange } from './record-change.js';

export interface RenewalInput {
  /** A plan on sale, by id; by default the plan in force, at its price on sale now. */
  readonly plan?: string | undefined;
  readonly seats?: Readonly<Record<string, number>> | undefined;
  /** For a package change: held type -> type of the new package. */
  readonly licenceMapping?: Readonly<Record<string, string>> | undefined;
  /** Assignment ids to release when the next term starts. */
  readonly release?: readonly string[] | undefined;
}

/**
 * Renew the term inside its renewal window (004), onto the version of a plan on sale now: the
 * package chosen, or the one in force. The next term's prices are fixed then and for the whole
 * term. The licences held must fit the next term: each maps to a type of the new package, the
 * owner keeps one, and no more are held than are bought, unless the renewal says which to
 * release. What happens to them is recorded now and applied when the next term starts.
 */
export async function renewSubscription(
  context: AppContext,
  actor: Actor,
  subscriptionId: string,
  input: RenewalInput,
  preview: boolean,
) {
  const db = context.store.db;
  const chosen = input.plan
    ? await choosePlan(db, actor.orgId, input.plan, 'plan')
    : await currentPlanOnSale(db, actor.orgId, subscriptionId);
  const payload: Record<string, unknown> = {};
  if (chosen) payload['plan'] = chosen.definition;
  if (input.seats !== undefined) payload['seats'] = input.seats;
  let transition: { keep: { assignmentId: string; licenceType: string }[]; release: string[] } = {
    keep: [],
    release: [],
  };
  return recordChange(context, actor, subscriptionId, { op: 'renew', payload }, preview, {
    scope: 'billing:manage',
    check: async (trx, _log, quote) => {
      const renewal = quote.result.term?.renewal;
      if (!renewal) return [];
      const held = await holdings(trx, subscriptionId);
      (input.release ?? []).forEach((assignmentId, i) => {
        if (!held.some((holding) => holding.assignmentId === assignmentId)) {
          throw new AppError(
            'validation_failed',
            `release[${i}]: ${assignmentId} is not a licence held on this subscription`,
            `release[${i}]`,
          );
        }
      });
      const result = planRenewalLicences(renewal.plan, renewal.seats, held, {
        mapping: input.licenceMapping ?? {},
        release: input.release ?? [],
      });
      if (!result.ok) throw new AppError(result.code, result.message, result.field, result.details);
      transition = { keep: [...result.plan.keep], release: [...result.plan.release] };
      return [];
    },
    write: async (trx, { eventId, quote, at, summary }) => {
      const end = quote.result.term?.end;
      if (!end) return;
      await emitEvent(trx, {
        orgId: actor.orgId,
        type: 'subscription.renewed',
        data: {
          subscriptionId,
          nextTermStartsAt: new Date(end.ms).toISOString(),
          planVersionId: quote.result.term?.renewal?.plan.id ?? null,
          seats: Object.fromEntries(quote.result.term?.renewal?.seats ?? []),
          chargedNow: summary.chargedNow,
          currency: summary.currency,
        },
        at,
      });
      await trx
        .insertInto('licence_transitions')
        .values({
          org_id: actor.orgId,
          id: newId('ltr', new Date(end.ms)),
          subscription_id: subscriptionId,
          event_id: eventId,
          effective_at: new Date(end.ms),
          plan: JSON.stringify(transition),
          applied_at: null,
        })
        .execute();
    },
    audit: (quote, summary) => ({
      action: 'subscription.renew',
      subject: subscriptionId,
      after: {
        planVersionId: quote.result.term?.renewal?.plan.id ?? null,
        seats: Object.fromEntries(quote.result.term?.renewal?.seats ?? []),
        release: transition.release,
        outcome: summary.outcome,
        effective: summary.effective,
      },
    }),
  });
}

/** The plan in force, at the version of it on sale now; null (keep it as it is) once retired. */
async function currentPlanOnSale(db: Db, orgId: string, subscriptionId: string) {
  const row = await db
    .selectFrom('subscriptions')
    .select(['plan_id', 'plan_version_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  if (!row) return null;
  const inForce = await db
    .selectFrom('subscription_events')
    .select('payload')
    .where('subscription_id', '=', subscriptionId)
    .where('op', '=', 'renew')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const renewedOn = (inForce?.payload['plan'] as { id?: string } | undefined)?.id;
  const versionId = renewedOn ?? row.plan_version_id;
  const version = await db
    .selectFrom('plan_versions')
    .select('plan_id')
    .where('id', '=', versionId)
    .executeTakeFirst();
  const offered = version ? await offeredVersion(db, orgId, version.plan_id) : undefined;
  return offered ? planOfVersion(offered) : null;
}

/** The licences held on a subscription now, owner marked. */
async function holdings(db: Db, subscriptionId: string): Promise<Holding[]> {
  const rows = await db
    .selectFrom('licence_assignments')
    .innerJoin('staff', 'staff.id', 'licence_assignments.staff_id')
    .select([
      'licence_assignments.id',
      'licence_assignments.staff_id',
      'licence_assignments.licence_type',
      'staff.is_owner',
    ])
    .where('licence_assignments.subscription_id', '=', subscriptionId)
    .where('licence_assignments.released_at', 'is', null)
    .orderBy('licence_assignments.id')
    .execute();
  return rows.map((row) => ({
    assignmentId: row.id,
    staffId: row.staff_id,
    licenceType: row.licence_type,
    isOwner: row.is_owner,
  }));
}
