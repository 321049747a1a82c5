import { AppError } from '../app/app-error.js';
import { z } from 'zod';
import { PERMISSION_KEYS } from '../core/index.js';
import { REMOVAL_REASONS } from '../app/subscriptions/change-licences.js';

/** Request and response shapes shared by the routes. Amounts are integers in minor units. */
export const Id = z.string().min(1).max(64);
export const Amount = z.int();
export const Instant = z.string().describe('RFC 3339 instant, UTC');
export const Seats = z.record(z.string().min(1).max(64), z.int().min(0).max(1_000_000));

export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  code: z.string(),
  field: z.string().nullable(),
});

export const Assignment = z.object({
  id: Id,
  subscriptionId: Id,
  licenceType: z.string(),
  active: z.boolean(),
  assignedAt: Instant,
});

export const Staff = z.object({
  id: Id,
  name: z.string(),
  email: z
    .string()
    .nullable()
    .describe('Only to those who may read staff e-mails (staff:read), and to oneself'),
  locationId: Id.nullable(),
  status: z.enum(['active', 'inactive']),
  isOwner: z.boolean(),
  permissions: z.array(z.string()),
  licences: z.array(Assignment),
  notice: z
    .string()
    .nullable()
    .describe('Set when the staff member is inactive but still holds billed licences'),
  createdAt: Instant,
});

export const Line = z.object({
  kind: z.enum(['recurring', 'proration', 'charge', 'credit']),
  licenceType: z.string(),
  quantity: z.int(),
  from: Instant,
  to: Instant,
  amount: Amount,
  description: z.string(),
  cause: z.string(),
  eventId: z.string().nullable(),
});

export const Invoice = z.object({
  id: Id,
  subscriptionId: Id,
  locationId: Id.nullable().describe('The clinic invoiced, on a per-clinic plan'),
  locationName: z.string().nullable(),
  number: z.int().describe('Unique in the organisation, in order of issue'),
  issuedAt: Instant,
  currency: z.string(),
  subtotal: Amount,
  creditApplied: Amount,
  total: Amount,
  status: z
    .enum(['open', 'paid', 'void', 'uncollectible'])
    .describe('open until paid; an invoice of nothing is paid when issued'),
  amountPaid: Amount,
  amountCredited: Amount.describe('Taken off by credit notes, before or after payment'),
  amountDue: Amount.describe('What is left to pay: total less paid and credited before payment'),
  dueAt: Instant.describe(
    "When it is due: at issue when charged to the card, else the plan's net terms",
  ),
  lines: z.array(Line),
});

export const Refund = z.object({
  id: Id,
  paymentId: Id,
  amount: Amount,
  currency: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  failureCode: z.string().nullable(),
  failureMessage: z.string().nullable(),
  createdAt: Instant,
  settledAt: Instant.nullable(),
});

export const CreditNote = z.object({
  id: Id,
  invoiceId: Id,
  number: z.string().describe('The invoice number, then CN and its count on that invoice'),
  currency: z.string(),
  amount: Amount,
  prePaymentAmount: Amount.describe('Taken off what was left to pay'),
  refundAmount: Amount.describe('Given back to the card(s) the invoice was paid with'),
  balanceAmount: Amount.describe("Added to the account's credit balance"),
  reason: z.enum([
    'duplicate',
    'fraudulent',
    'order_change',
    'product_unsatisfactory',
    'billing_error',
  ]),
  memo: z.string().nullable(),
  creditEventId: Id.nullable().describe("The credit fact in the subscription's log"),
  createdAt: Instant,
  refunds: z.array(Refund),
});

export const PaymentMethod = z.object({
  id: Id,
  brand: z.string(),
  last4: z.string(),
  expMonth: z.int(),
  expYear: z.int(),
  isDefault: z.boolean(),
  createdAt: Instant,
});

export const Payment = z.object({
  id: Id,
  invoiceId: Id,
  paymentMethodId: Id,
  amount: Amount,
  currency: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  failureCode: z.string().nullable().describe("The gateway's decline code"),
  failureMessage: z.string().nullable(),
  createdAt: Instant,
  settledAt: Instant.nullable(),
});

export const DerivedInvoice = z.object({
  issuedAt: Instant,
  issuedOn: z.string(),
  currency: z.string(),
  subtotal: Amount,
  creditApplied: Amount,
  total: Amount,
  lines: z.array(Line),
});

export const Pool = z.object({
  licenceType: z.string(),
  unitAmount: Amount,
  addonTo: z.array(z.string()),
  unlimited: z.boolean(),
  purchased: z.int(),
  purchasedAfterScheduled: z.int(),
  assigned: z.int(),
  available: z.int().nullable(),
  costPerPeriod: Amount,
  addonExceedsBase: z.boolean(),
});

export const Scheduled = z.object({
  licenceType: z.string(),
  quantity: z.int(),
  effective: Instant,
});

export const Term = z.object({
  endsAt: Instant,
  renewalWindowOpensAt: Instant,
  renewalWindowOpen: z.boolean(),
  renewed: z.boolean(),
  autoRenew: z.boolean(),
});

export const PlanOnSale = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  versionId: Id,
  version: z.int(),
  negotiated: z.boolean().describe('A version agreed for this organisation alone'),
  definition: z.record(z.string(), z.unknown()),
});

/** Customers choose among the plans on sale; a plan of their own is the operator's to publish. */
export function customPlanRefused(): AppError {
  return new AppError(
    'plan_not_offered',
    'plan: choose a plan on sale by its id (GET /v1/plans); a plan of your own is agreed with the vendor, who publishes it for you',
    'plan',
  );
}

export const Subscription = z.object({
  id: Id,
  locationId: Id.nullable(),
  planId: z.string().nullable(),
  planVersionId: Id.describe('The catalog version in force: its prices and rules'),
  soldPlanVersionId: Id.describe('The catalog version this subscription was first sold on'),
  plan: z.looseObject({ currency: z.string(), interval: z.string(), blockSize: z.int() }),
  status: z.enum(['active', 'ended']),
  endedAt: Instant.nullable(),
  currency: z.string(),
  creditBalance: Amount,
  pools: z.array(Pool),
  nextInvoice: z.object({ issuedAt: Instant, total: Amount, subtotal: Amount }).nullable(),
  pendingLines: z.array(Line),
  term: Term.nullable(),
  scheduled: z.array(Scheduled),
  cancelledFrom: Instant.nullable(),
  startedAt: Instant,
  pastDue: z.boolean().describe('An invoice is open past its due date'),
  purchasesBlocked: z
    .boolean()
    .describe('Every retry of a charge failed and the plan blocks purchases until it is paid'),
});

export const Quote = z.object({
  preview: z.boolean(),
  eventId: z.string().optional(),
  invoices: z
    .array(
      z.object({ id: Id, number: z.int(), issuedAt: Instant, subtotal: Amount, total: Amount }),
    )
    .optional()
    .describe('The invoices this change issued, with their totals'),
  writeNeeds: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('In a preview: what the change itself will need that the quote did not'),
  at: Instant,
  outcome: z.enum(['applied', 'scheduled', 'rejected']),
  effective: Instant.nullable(),
  rejection: z.object({ code: z.string(), message: z.string() }).nullable(),
  warnings: z.array(z.string()),
  currency: z.string(),
  collection: z
    .enum(['charge_automatically', 'send_invoice'])
    .describe("How the plan's invoices are paid: charged to the card, or sent with net terms"),
  paidWith: z
    .string()
    .nullable()
    .optional()
    .describe(
      'Charged to the card: the card charged now ("visa ending 4242"), null with none on file',
    ),
  chargedNow: Amount,
  onNextInvoice: Amount,
  credited: Amount,
  lines: z.object({ chargedNow: z.array(Line), nextInvoice: z.array(Line) }),
  seatsAfter: z.record(z.string(), z.int()),
  scheduled: z.array(Scheduled),
  confirmationSentTo: z
    .array(z.string())
    .optional()
    .describe('A licence change recorded: who its confirmation e-mail was queued for (001)'),
});

export const LicenceChangeBody = z.strictObject({
  op: z
    .enum(['add', 'remove', 'set', 'withdraw'])
    .describe('withdraw: keep licences whose removal is scheduled and not yet in effect'),
  seats: Seats,
  reason: z.enum(REMOVAL_REASONS).optional(),
  explanation: z.string().max(2000).optional(),
});

export const Permission = z.enum(PERMISSION_KEYS as [string, ...string[]]);

export const PreviewQuery = z.strictObject({ preview: z.enum(['true', 'false']).optional() });
