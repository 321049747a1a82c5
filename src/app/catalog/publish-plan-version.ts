import { requireOperator } from '../access/operator-keys.js';
import { AppError, notFound } from '../app-error.js';
import { inTransaction, type Actor, type AppContext } from '../context.js';
import { versionView } from './catalog-views.js';
import { operatorAudit } from './operator-audit.js';

/**
 * Put a draft version on sale: from now on sign-ups and renewals choosing its plan get it
 * (the organisation's own, for a negotiated version). Contracts already sold keep theirs.
 */
export async function publishPlanVersion(
  context: AppContext,
  actor: Actor,
  planId: string,
  version: number,
) {
  requireOperator(actor);
  return inTransaction(context, async (trx) => {
    const now = context.clock();
    const row = await trx
      .selectFrom('plan_versions')
      .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
      .selectAll('plan_versions')
      .select('plans.retired_at as plan_retired_at')
      .where('plan_versions.plan_id', '=', planId)
      .where('plan_versions.version', '=', version)
      .forUpdate('plan_versions')
      .executeTakeFirst();
    if (!row) throw notFound('Plan version', 'version');
    if (row.plan_retired_at) throw new AppError('conflict', 'This plan is retired', 'planId');
    if (row.published_at) {
      throw new AppError('plan_version_published', 'This version is already published', 'version');
    }
    await trx
      .updateTable('plan_versions')
      .set({ published_at: now })
      .where('id', '=', row.id)
      .execute();
    await operatorAudit(trx, actor, now, {
      action: 'plan.version_published',
      subject: row.id,
      orgId: row.org_id,
      after: { planId, version },
    });
    return versionView({
      id: row.id,
      plan_id: row.plan_id,
      version: row.version,
      definition: row.definition,
      org_id: row.org_id,
      created_by: row.created_by,
      created_at: row.created_at,
      published_at: now,
    });
  });
}
