import { EXPORTS, exportCsv } from '../../app/exports/export-csv.js';
import { listLicencePools } from '../../app/licences/list-licence-pools.js';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { getInvoice, listInvoices } from '../../app/billing/invoice-queries.js';
import { invoicePdf } from '../../app/billing/invoice-document.js';
import { advanceTestClock } from '../../app/billing/advance-test-clock.js';
import { healthCheck } from '../../app/licences/health-check.js';
import { listAudit } from '../../app/audit-queries.js';
import { changeLicences } from '../../app/subscriptions/change-licences.js';
import { subscriptionHistory } from '../../app/subscriptions/subscription-history.js';
import { cancelSubscription, invoiceNow } from '../../app/subscriptions/subscription-actions.js';
import { renewSubscription } from '../../app/subscriptions/renew-subscription.js';
import {
  getSubscription,
  getUpcomingInvoice,
  listSubscriptions,
} from '../../app/subscriptions/subscription-views.js';
import { jsonOrPdf } from '../pdf-reply.js';
import { cursorQuery, page, route, type Route } from '../route.js';
import {
  Amount,
  DerivedInvoice,
  Id,
  Instant,
  Invoice,
  LicenceChangeBody,
  Line,
  PreviewQuery,
  Quote,
  Seats,
  Subscription,
  customPlanRefused,
} from '../schemas.js';

const SubscriptionParams = z.strictObject({ subscriptionId: Id });

export function subscriptionRoutes(context: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      url: '/v1/subscriptions',
      summary: 'Subscriptions (one per organisation or per clinic) with their licence pools',
      tag: 'Subscriptions',
      auth: true,
      response: z.array(Subscription),
      handler: ({ actor }) => listSubscriptions(context, actor),
    }),
    route({
      method: 'GET',
      url: '/v1/licence-pools',
      summary:
        'Licence pools as counts, without prices: for any member signed in, and keys with staff:read or licences:manage',
      tag: 'Licences',
      auth: true,
      response: z.array(
        z.object({
          subscriptionId: Id,
          locationId: Id.nullable(),
          status: z.enum(['active', 'ended']),
          blockSize: z.int(),
          licenceRoles: z.object({ provider: z.array(z.string()), admin: z.array(z.string()) }),
          pools: z.array(
            z.object({
              licenceType: z.string(),
              unlimited: z.boolean(),
              purchased: z.int(),
              assigned: z.int(),
              available: z.int().nullable(),
            }),
          ),
        }),
      ),
      handler: ({ actor }) => listLicencePools(context, actor),
    }),
    route({
      method: 'GET',
      url: '/v1/subscriptions/:subscriptionId',
      summary: 'A subscription: pools, next invoice, term and renewal window, scheduled changes',
      tag: 'Subscriptions',
      auth: true,
      params: SubscriptionParams,
      response: Subscription,
      handler: ({ actor, params }) => getSubscription(context, actor, params.subscriptionId),
    }),
    route({
      method: 'GET',
      url: '/v1/subscriptions/:subscriptionId/history',
      summary: 'Month by month: licences purchased and assigned per type, and spend',
      tag: 'Subscriptions',
      auth: true,
      params: SubscriptionParams,
      response: z.object({
        subscriptionId: Id,
        currency: z.string(),
        months: z.array(
          z.object({
            month: z.string(),
            purchased: z.record(z.string(), z.int()),
            assigned: z.record(z.string(), z.int()),
            spend: Amount,
          }),
        ),
      }),
      handler: ({ actor, params }) => subscriptionHistory(context, actor, params.subscriptionId),
    }),
    route({
      method: 'GET',
      url: '/v1/subscriptions/:subscriptionId/upcoming-invoice',
      summary: 'The next invoice as it stands, and the charges waiting for it',
      tag: 'Invoices',
      auth: true,
      params: SubscriptionParams,
      response: z.object({ invoice: DerivedInvoice.nullable(), pendingLines: z.array(Line) }),
      handler: ({ actor, params }) => getUpcomingInvoice(context, actor, params.subscriptionId),
    }),
    route({
      method: 'POST',
      url: '/v1/subscriptions/:subscriptionId/licence-changes',
      summary: 'Add, remove or set licences; ?preview=true returns the quote and changes nothing',
      tag: 'Subscriptions',
      auth: true,
      scope: 'licences:manage',
      params: SubscriptionParams,
      query: PreviewQuery,
      body: LicenceChangeBody,
      response: Quote,
      handler: ({ actor, params, query, body }) =>
        changeLicences(context, actor, params.subscriptionId, body, query.preview === 'true'),
    }),
    route({
      method: 'POST',
      url: '/v1/subscriptions/:subscriptionId/invoice-now',
      summary: 'Invoice every pending charge now',
      tag: 'Invoices',
      auth: true,
      scope: 'licences:manage',
      params: SubscriptionParams,
      response: Quote,
      handler: ({ actor, params }) => invoiceNow(context, actor, params.subscriptionId),
    }),
    route({
      method: 'POST',
      url: '/v1/subscriptions/:subscriptionId/renewal',
      summary:
        'Renew the term inside its renewal window, optionally on another plan and quantities',
      tag: 'Subscriptions',
      auth: true,
      scope: 'billing:manage',
      params: SubscriptionParams,
      query: PreviewQuery,
      body: z.strictObject({
        plan: z
          .union([z.string().min(1).max(100), z.record(z.string(), z.unknown())])
          .optional()
          .describe('A plan on sale, by id; by default the plan in force at its price on sale now'),
        seats: Seats.optional(),
        licenceMapping: z
          .record(z.string().max(64), z.string().max(64))
          .optional()
          .describe('On a package change: each held licence type to a type of the new package'),
        release: z
          .array(Id)
          .max(1000)
          .optional()
          .describe('Licence assignments to release when the next term starts'),
      }),
      response: Quote,
      handler: ({ actor, params, query, body }) => {
        if (body.plan !== undefined && typeof body.plan !== 'string') throw customPlanRefused();
        return renewSubscription(
          context,
          actor,
          params.subscriptionId,
          { ...body, plan: body.plan },
          query.preview === 'true',
        );
      },
    }),
    route({
      method: 'POST',
      url: '/v1/subscriptions/:subscriptionId/cancellation',
      summary: 'Cancel: the subscription ends at `effective`',
      tag: 'Subscriptions',
      auth: true,
      scope: 'billing:manage',
      params: SubscriptionParams,
      query: PreviewQuery,
      body: z.strictObject({
        effective: z.string().min(10).max(40),
        reason: z.string().max(500).optional(),
      }),
      response: Quote,
      handler: ({ actor, params, query, body }) =>
        cancelSubscription(
          context,
          actor,
          params.subscriptionId,
          body.effective,
          body.reason ?? null,
          query.preview === 'true',
        ),
    }),
    route({
      method: 'GET',
      url: '/v1/invoices',
      summary: 'Invoices, newest first',
      tag: 'Invoices',
      auth: true,
      query: z.strictObject({ subscriptionId: Id.optional(), ...cursorQuery }),
      response: page(Invoice),
      handler: ({ actor, query }) => listInvoices(context, actor, query),
    }),
    route({
      method: 'GET',
      url: '/v1/invoices/:invoiceId',
      summary:
        'An invoice and its lines; each line names the fact that caused it. As a PDF with `.pdf` after the id, or with Accept: application/pdf',
      tag: 'Invoices',
      auth: true,
      params: z.strictObject({ invoiceId: Id }),
      response: Invoice,
      handler: ({ actor, params, request, reply }) =>
        jsonOrPdf(
          request,
          reply,
          params.invoiceId,
          (id) => getInvoice(context, actor, id),
          (id) => invoicePdf(context, actor, id),
        ),
    }),
    route({
      method: 'GET',
      url: '/v1/health-check',
      summary:
        'Unused licences per clinic and type, their cost, and the deadline to remove them (002)',
      tag: 'Licences',
      auth: true,
      response: z.object({
        checkedAt: Instant,
        unusedCostPerPeriod: Amount,
        subscriptions: z.array(
          z.object({
            subscriptionId: Id,
            locationId: Id.nullable(),
            locationName: z.string().nullable(),
            currency: z.string(),
            nextBillingAt: Instant.nullable(),
            removalDeadline: z.object({ from: Instant.nullable(), until: Instant }).nullable(),
            removalTakesEffect: z.string(),
            removalEffectiveAt: Instant.nullable().describe(
              'When a removal asked now takes effect: a cycle later once the deadline has passed',
            ),
            deadlinePassed: z
              .boolean()
              .describe("This cycle's deadline has passed: removalDeadline is the next one"),
            unused: z.array(
              z.object({
                licenceType: z.string(),
                purchased: z.int(),
                scheduledForRemoval: z.array(z.object({ quantity: z.int(), effective: Instant })),
                purchasedAfterScheduled: z.int(),
                assigned: z.int(),
                unused: z.int().describe('Against the quantity after scheduled removals'),
                proposedRemoval: z.int().describe('Unused, rounded down to whole blocks'),
                unitAmount: Amount,
                costPerPeriod: Amount,
                note: z.string().nullable(),
              }),
            ),
            inactiveHolders: z.array(
              z.object({ staffId: Id, name: z.string(), licenceType: z.string() }),
            ),
          }),
        ),
      }),
      handler: ({ actor }) => healthCheck(context, actor),
    }),
    route({
      method: 'GET',
      url: '/v1/exports/:file',
      summary:
        'A CSV export: staff.csv (staff and their licences), invoices.csv (billing:read), audit-log.csv (audit:read), at most 10,000 rows',
      tag: 'Reference',
      auth: true,
      params: z.strictObject({ file: z.enum(EXPORTS) }),
      response: z.string().describe('text/csv'),
      handler: async ({ actor, params, reply }) => {
        const csv = await exportCsv(context, actor, params.file);
        const day = context.clock().toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${day}-${params.file}"`)
          .send(csv);
      },
    }),
    route({
      method: 'GET',
      url: '/v1/audit-log',
      summary:
        'Every change: actor, action, subject (with their names and a sentence), before and after, reason; newest first',
      tag: 'Audit',
      auth: true,
      query: z.strictObject({
        action: z.string().max(100).optional(),
        subject: z.string().max(64).optional(),
        actor: z.string().max(100).optional(),
        name: z
          .string()
          .max(100)
          .optional()
          .describe('Part of a person’s name: entries they made or that were about them'),
        ...cursorQuery,
      }),
      response: page(
        z.object({
          id: Id,
          at: Instant,
          actor: z.string(),
          actorName: z.string(),
          action: z.string(),
          subject: z.string(),
          subjectName: z.string(),
          sentence: z.string().describe('The entry in words: who did what to whom'),
          before: z.unknown(),
          after: z.unknown(),
          reason: z.string().nullable(),
        }),
      ),
      handler: ({ actor, query }) => listAudit(context, actor, query),
    }),
    route({
      method: 'POST',
      url: '/v1/test-clock/advance',
      summary: "Move the organisation's test clock forward and bill what falls due",
      tag: 'Billing',
      auth: true,
      scope: 'billing:manage',
      atomic: false,
      body: z.strictObject({ to: z.iso.datetime({ offset: true }) }),
      response: z.object({
        from: Instant,
        to: Instant,
        subscriptions: z.int(),
        invoicesIssued: z.int(),
      }),
      handler: ({ actor, body }) => advanceTestClock(context, actor, new Date(body.to)),
    }),
  ];
}
