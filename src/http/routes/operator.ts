import { z } from 'zod';
import { addPlanVersion } from '../../app/catalog/add-plan-version.js';
import { listCatalog } from '../../app/catalog/catalog-queries.js';
import { createPlan } from '../../app/catalog/create-plan.js';
import { publishPlanVersion } from '../../app/catalog/publish-plan-version.js';
import { retirePlan } from '../../app/catalog/retire-plan.js';
import type { AppContext } from '../../app/context.js';
import { listOrganizations } from '../../app/operator/list-organizations.js';
import { cursorQuery, page, route, type Route } from '../route.js';
import { Amount, Id, Instant } from '../schemas.js';

const PlanKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", at most 63')
  .describe('The id customers choose the plan by');
const Definition = z
  .record(z.string(), z.unknown())
  .describe('A plan object of the scenario contract (docs/scenario-format.md)');
const PlanVersion = z.object({
  id: Id,
  planId: z.string(),
  version: z.int(),
  status: z.enum(['draft', 'published']),
  negotiatedFor: Id.nullable(),
  createdBy: z.string(),
  createdAt: Instant,
  publishedAt: Instant.nullable(),
  definition: z.record(z.string(), z.unknown()),
});
const CatalogPlan = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(['on_sale', 'retired']),
  retiredAt: Instant.nullable(),
  versions: z.array(PlanVersion),
});
const PlanParams = z.strictObject({ planId: PlanKey });

/** The vendor's back office: the catalog and the customers. Operator keys only. */
export function operatorRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/v1/operator/plans',
      summary: 'The catalog: every plan and every version, drafts and negotiated ones included',
      tag: 'Operator',
      auth: true,
      operator: true,
      response: z.array(CatalogPlan),
      handler: ({ actor }) => listCatalog(context, actor),
    }),
    route({
      method: 'POST',
      url: '/v1/operator/plans',
      summary: 'Create a plan with its first version, a draft until published',
      tag: 'Operator',
      auth: true,
      operator: true,
      status: 201,
      body: z.strictObject({
        id: PlanKey,
        name: z.string().min(1).max(200),
        description: z.string().max(2000).optional(),
        definition: Definition,
      }),
      response: z.object({ id: z.string(), name: z.string(), versions: z.array(PlanVersion) }),
      handler: ({ actor, body }) => createPlan(context, actor, body),
    }),
    route({
      method: 'POST',
      url: '/v1/operator/plans/:planId/versions',
      summary:
        'Add a draft version: new prices or rules, public or negotiated for one organisation; contracts already sold keep theirs',
      tag: 'Operator',
      auth: true,
      operator: true,
      status: 201,
      params: PlanParams,
      body: z.strictObject({ definition: Definition, organizationId: Id.optional() }),
      response: PlanVersion,
      handler: ({ actor, params, body }) => addPlanVersion(context, actor, params.planId, body),
    }),
    route({
      method: 'POST',
      url: '/v1/operator/plans/:planId/versions/:version/publish',
      summary: 'Publish a draft version: sign-ups and renewals choosing the plan get it from now',
      tag: 'Operator',
      auth: true,
      operator: true,
      params: z.strictObject({ planId: PlanKey, version: z.coerce.number().int().min(1).max(1e6) }),
      response: PlanVersion,
      handler: ({ actor, params }) =>
        publishPlanVersion(context, actor, params.planId, params.version),
    }),
    route({
      method: 'POST',
      url: '/v1/operator/plans/:planId/retire',
      summary: 'Take a plan off sale; subscriptions on it keep running on their version',
      tag: 'Operator',
      auth: true,
      operator: true,
      params: PlanParams,
      response: z.object({ id: z.string(), retiredAt: Instant }),
      handler: ({ actor, params }) => retirePlan(context, actor, params.planId),
    }),
    route({
      method: 'GET',
      url: '/v1/operator/organizations',
      summary:
        'Customers: each organisation with its subscriptions, open invoices and monthly recurring revenue',
      tag: 'Operator',
      auth: true,
      operator: true,
      query: z.strictObject(cursorQuery),
      response: page(
        z.object({
          id: Id,
          name: z.string(),
          currency: z.string(),
          currencyExponent: z.int().describe('Digits after the decimal point (ISO 4217)'),
          timeZone: z.string(),
          createdAt: Instant,
          subscriptions: z.array(
            z.object({
              id: Id,
              locationId: Id.nullable(),
              planId: z.string().nullable(),
              soldVersionId: Id,
              planVersionId: Id,
              status: z.enum(['active', 'ended']),
              seats: z.record(z.string(), z.int()),
              monthlyRecurringRevenue: Amount,
            }),
          ),
          openInvoices: z.object({ count: z.int(), amount: Amount }),
          monthlyRecurringRevenue: Amount,
        }),
      ),
      handler: ({ actor, query }) => listOrganizations(context, actor, query),
    }),
  ];
}
