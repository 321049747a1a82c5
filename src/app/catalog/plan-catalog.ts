import { sql } from 'kysely';
import { readPlan, type Plan } from '../../core/index.js';
import { InputFault } from '../../core/validation/input-reader.js';
import type { PlanVersionRow } from '../../store/schema.js';
import { AppError, notFound } from '../app-error.js';
import type { Db } from '../context.js';

/** A plan version as sold: its id, its plan, and its definition with the id written in. */
export interface ChosenPlan {
  readonly versionId: string;
  readonly planId: string;
  readonly version: number;
  readonly plan: Plan;
  /** The definition to copy into a contract (a subscription, a renewal). */
  readonly definition: Record<string, unknown>;
}

/** A stored definition read back as a plan; the version id travels inside it. */
export function planOfVersion(row: PlanVersionRow): ChosenPlan {
  const definition = { ...(row.definition as Record<string, unknown>), id: row.id };
  return {
    versionId: row.id,
    planId: row.plan_id,
    version: row.version,
    plan: readPlan(definition, 'definition'),
    definition,
  };
}

/**
 * The version of a plan a customer may buy now: the latest published version negotiated for
 * the organisation, or else the latest published public one; never a retired plan, a draft
 * or another organisation's version.
 */
export async function offeredVersion(
  db: Db,
  orgId: string | null,
  planId: string,
): Promise<PlanVersionRow | undefined> {
  return db
    .selectFrom('plan_versions')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .selectAll('plan_versions')
    .where('plan_versions.plan_id', '=', planId)
    .where('plans.retired_at', 'is', null)
    .where('plan_versions.published_at', 'is not', null)
    .where((eb) =>
      orgId === null
        ? eb('plan_versions.org_id', 'is', null)
        : eb.or([eb('plan_versions.org_id', 'is', null), eb('plan_versions.org_id', '=', orgId)]),
    )
    .orderBy(sql`plan_versions.org_id is null`)
    .orderBy('plan_versions.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A customer's choice of plan by id, resolved to the version it buys; 422 when not offered. */
export async function choosePlan(
  db: Db,
  orgId: string | null,
  planId: string,
  field: string,
): Promise<ChosenPlan> {
  const row = await offeredVersion(db, orgId, planId);
  if (!row) {
    throw new AppError(
      'plan_not_offered',
      `"${planId}" is not a plan on sale: choose one of GET /v1/plans`,
      field,
    );
  }
  return planOfVersion(row);
}

/** Every plan on sale, with the version a customer (or a new customer, orgId null) would get. */
export async function plansOnSale(db: Db, orgId: string | null) {
  const plans = await db
    .selectFrom('plans')
    .select(['id', 'name', 'description'])
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const offered = [];
  for (const plan of plans) {
    const row = await offeredVersion(db, orgId, plan.id);
    if (!row) continue;
    offered.push({
      id: plan.id,
      name: plan.name,
      description: plan.description,
      versionId: row.id,
      version: row.version,
      negotiated: row.org_id !== null,
      definition: row.definition as Record<string, unknown>,
    });
  }
  return offered;
}

/** A definition sent by the operator, checked as the engine will read it; faults name the field. */
export function checkDefinition(definition: unknown, field: string): Plan {
  try {
    return readPlan(definition, field);
  } catch (error) {
    if (error instanceof InputFault) {
      throw new AppError('validation_failed', error.message, error.issue.path);
    }
    throw error;
  }
}

/**
 * The plan a new clinic's subscription is sold on: the version of the organisation's plan on
 * sale now (its negotiated one first), or, once that plan is retired, the version in force.
 */
export async function planForNewScope(
  db: Db,
  orgId: string,
  existing: { plan_id: string | null; plan_version_id: string },
  versionInForce: string | undefined,
): Promise<ChosenPlan> {
  const offered = existing.plan_id ? await offeredVersion(db, orgId, existing.plan_id) : undefined;
  if (offered) return planOfVersion(offered);
  const row = await db
    .selectFrom('plan_versions')
    .selectAll()
    .where('id', '=', versionInForce ?? existing.plan_version_id)
    .executeTakeFirstOrThrow();
  return planOfVersion(row);
}

/** Lock a plan that is still on sale, for a change to it; 404 when unknown, 409 when retired. */
export async function lockPlanOnSale(db: Db, planId: string): Promise<void> {
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'retired_at'])
    .where('id', '=', planId)
    .forUpdate()
    .executeTakeFirst();
  if (!plan) throw notFound('Plan', 'planId');
  if (plan.retired_at) throw new AppError('conflict', 'This plan is retired', 'planId');
}
