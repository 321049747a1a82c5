import { requireOperator } from '../access/operator-keys.js';
import type { Actor, AppContext } from '../context.js';
import { versionView } from './catalog-views.js';

/** The whole catalog as the operator sees it: every plan, every version, drafts included. */
export async function listCatalog(context: AppContext, actor: Actor) {
  requireOperator(actor);
  const db = context.store.db;
  const plans = await db
    .selectFrom('plans')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const versions = await db
    .selectFrom('plan_versions')
    .selectAll()
    .orderBy('plan_id')
    .orderBy('version')
    .execute();
  return plans.map((plan) => ({
    id: plan.id,
    name: plan.name,
    description: plan.description,
    status: plan.retired_at ? ('retired' as const) : ('on_sale' as const),
    retiredAt: plan.retired_at?.toISOString() ?? null,
    versions: versions.filter((v) => v.plan_id === plan.id).map(versionView),
  }));
}
