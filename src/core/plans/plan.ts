import type { IntervalUnit } from '../calendar/index.js';
import type { RoundingMode } from '../money/index.js';

export interface LicenceType {
  readonly key: string;
  /** Price per seat per billing period, in minor units. */
  readonly unitAmount: number;
  /** Base types this add-on sits on top of; empty for a base type. */
  readonly addonTo: readonly string[];
  /** Free and never counted: no rule applies and no line is billed. */
  readonly unlimited: boolean;
}

export type ProrationBasis = 'day' | 'second';
export type InvoiceChanges = 'next_invoice' | 'immediately';
export type IncreaseCharge = 'prorated' | 'full' | 'none';
export type DecreaseEffective = 'immediately' | 'period_end' | 'renewal';
export type DecreaseCredit = 'prorated' | 'none';

export interface Term {
  /** Term length in billing intervals, counted from the anchor. */
  readonly intervals: number;
  readonly renewalWindowDays: number;
  readonly increaseBlockedInRenewalWindow: boolean;
  readonly autoRenew: boolean;
}

export type PlanScope = 'organization' | 'location';

/**
 * How the plan's invoices are paid: the card on file charged when an invoice is issued, or
 * the invoice sent, due `daysUntilDue` days after it is issued (net terms).
 */
export interface Collection {
  readonly method: 'charge_automatically' | 'send_invoice';
  readonly daysUntilDue: number;
  /** Charged to the card: a failed charge is tried again these many days after the due date. */
  readonly retryDays: readonly number[];
  /** After the last retry failed: the invoice marked uncollectible, or purchases blocked. */
  readonly finalFailure: 'mark_uncollectible' | 'block_purchases';
}

/** How the licence service uses a plan; the billing engine ignores these fields. */
export interface ServicePolicy {
  /** One subscription per organisation, or one per location (clinic). */
  readonly scope: PlanScope;
  /** Licence types that grant the provider role (clinical work) and the admin role (003). */
  readonly licenceRoles: {
    readonly provider: readonly string[];
    readonly admin: readonly string[];
  };
  /** Groups of types no one may hold two of (003: never both provider and admin). */
  readonly exclusiveLicences: readonly (readonly string[])[];
  /** The type the account owner always holds (003), or null. */
  readonly ownerLicence: string | null;
  /** Removals must say why, from the fixed list of reasons (001, 002). */
  readonly removalReasonRequired: boolean;
  /** Removals must carry an explanation as well as a reason (001, 002). */
  readonly removalExplanationRequired: boolean;
  /**
   * Who approves a removal: the customer's own licence managers, or the vendor as well (12:
   * a removal waits in the operator's queue until the vendor approves it).
   */
  readonly removalApproval: 'customer' | 'vendor';
  /** How invoices are paid (004: by card, at once). */
  readonly collection: Collection;
}

export const DEFAULT_SERVICE_POLICY: ServicePolicy = {
  scope: 'organization',
  licenceRoles: { provider: [], admin: [] },
  exclusiveLicences: [],
  ownerLicence: null,
  removalReasonRequired: false,
  removalExplanationRequired: false,
  removalApproval: 'customer',
  collection: {
    method: 'send_invoice',
    daysUntilDue: 30,
    retryDays: [1, 3, 5, 7],
    finalFailure: 'block_purchases',
  },
};

export interface Plan {
  /**
   * Where the plan came from: a catalog version id (`plv_...`) or a preset's id. Metadata
   * only: the engine never reads it, the service reports which version is in force.
   */
  readonly id?: string | undefined;
  readonly currency: string;
  readonly interval: IntervalUnit;
  readonly intervalCount: number;
  /** In the order the plan lists them; invoices list lines in this order. */
  readonly licenceTypes: readonly LicenceType[];
  readonly proration: { readonly basis: ProrationBasis; readonly rounding: RoundingMode };
  readonly invoiceChanges: InvoiceChanges;
  readonly increase: { readonly charge: IncreaseCharge };
  readonly decrease: {
    readonly effective: DecreaseEffective;
    readonly credit: DecreaseCredit;
    readonly cutoffHours: number;
  };
  readonly blockSize: number;
  readonly term: Term | null;
  readonly service: ServicePolicy;
}

export function findLicenceType(plan: Plan, key: string): LicenceType | undefined {
  return plan.licenceTypes.find((type) => type.key === key);
}

export function sameInterval(a: Plan, b: Plan): boolean {
  return a.interval === b.interval && a.intervalCount === b.intervalCount;
}
