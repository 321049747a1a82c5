import type { PlanVersionRow } from '../../store/schema.js';

export function versionView(row: PlanVersionRow) {
  return {
    id: row.id,
    planId: row.plan_id,
    version: row.version,
    status: row.published_at ? ('published' as const) : ('draft' as const),
    negotiatedFor: row.org_id,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
    definition: row.definition as Record<string, unknown>,
  };
}
