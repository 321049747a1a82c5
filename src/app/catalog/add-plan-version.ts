import { planToJson } from '../../core/index.js';
import { requireOperator } from '../access/operator-keys.js';
import { notFound } from '../app-error.js';
import { inTransaction, actorLabel, type Actor, type AppContext, type Db } from '../context.js';
import { newId } from '../ids.js';
import { checkDefinition, lockPlanOnSale } from './plan-catalog.js';
import { operatorAudit } from './operator-audit.js';
import { versionView } from './catalog-views.js';

/**
 * A new draft version of a plan: public, or negotiated for one organisation. Versions are
 * immutable once written; a change of price is a new version, which never touches the
 * contracts already sold (each pins its own).
 */
export async function addPlanVersion(
  context: AppContext,
  actor: Actor,
  planId: string,
  input: { definition: unknown; organizationId?: string | undefined },
) {
  requireOperator(actor);
  return inTransaction(context, async (trx) => {
    await lockPlanOnSale(trx, planId);
    const orgId = input.organizationId ?? null;
    if (orgId !== null) {
      const found = await trx
        .selectFrom('organizations')
        .select('id')
        .where('id', '=', orgId)
        .executeTakeFirst();
      if (!found) throw notFound('Organisation', 'organizationId');
    }
    return addVersion(trx, actor, context.clock(), planId, input.definition, orgId);
  });
}

/** Write version n+1 of a plan as a draft, its definition normalised (defaults written out). */
export async function addVersion(
  db: Db,
  actor: Actor,
  now: Date,
  planId: string,
  definition: unknown,
  orgId: string | null,
) {
  const plan = checkDefinition(definition, 'definition');
  const last = await db
    .selectFrom('plan_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  const version = (last?.version ?? 0) + 1;
  const normalised = { ...(planToJson(plan) as Record<string, unknown>) };
  delete normalised['id'];
  const row = {
    id: newId('plv', now),
    plan_id: planId,
    version,
    definition: normalised,
    org_id: orgId,
    created_by: actorLabel(actor),
    created_at: now,
    published_at: null,
  };
  await db
    .insertInto('plan_versions')
    .values({ ...row, definition: JSON.stringify(normalised) })
    .execute();
  await operatorAudit(db, actor, now, {
    action: 'plan.version_added',
    subject: row.id,
    orgId,
    after: { planId, version, negotiatedFor: orgId },
  });
  return versionView(row);
}
