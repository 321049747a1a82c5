import { DEFAULT_SERVICE_POLICY, type Plan } from './plan.js';

const monthly = {
  currency: 'USD',
  interval: 'month',
  intervalCount: 1,
  proration: { basis: 'day', rounding: 'half_up' },
  blockSize: 1,
  term: null,
} as const;

/** The plans that ship with the product, one per policy of the brief. Prices are examples. */
export const PRESETS: Readonly<Record<string, Plan>> = {
  // 000: prorated additions on the next invoice, prorated credits, add-ons on a base licence.
  'prorated-monthly': {
    ...monthly,
    licenceTypes: [
      { key: 'practitioner', unitAmount: 4900, addonTo: [], unlimited: false },
      { key: 'telehealth-pro', unitAmount: 1500, addonTo: ['practitioner'], unlimited: false },
      { key: 'benchmarking', unitAmount: 1000, addonTo: ['practitioner'], unlimited: false },
    ],
    invoiceChanges: 'next_invoice',
    increase: { charge: 'prorated' },
    decrease: { effective: 'immediately', credit: 'prorated', cutoffHours: 0 },
    service: {
      ...DEFAULT_SERVICE_POLICY,
      licenceRoles: { provider: ['practitioner'], admin: [] },
    },
  },
  // 001, 002: typed licences per clinic, free clerical, removals at period end with a 24 h cutoff.
  'clinic-requests': {
    ...monthly,
    licenceTypes: [
      { key: 'therapist', unitAmount: 10000, addonTo: [], unlimited: false },
      { key: 'assistant', unitAmount: 5000, addonTo: [], unlimited: false },
      { key: 'clerical', unitAmount: 0, addonTo: [], unlimited: true },
    ],
    invoiceChanges: 'next_invoice',
    increase: { charge: 'prorated' },
    decrease: { effective: 'period_end', credit: 'none', cutoffHours: 24 },
    service: {
      scope: 'location',
      // A User Manager needs no paid licence: the free clerical one grants the admin role (001).
      licenceRoles: { provider: ['therapist', 'assistant'], admin: ['clerical'] },
      exclusiveLicences: [['therapist', 'assistant']],
      ownerLicence: null,
      removalReasonRequired: true,
      removalExplanationRequired: true,
      removalApproval: 'customer',
      collection: DEFAULT_SERVICE_POLICY.collection,
    },
  },
  // 003: provider and admin licences, additions invoiced at once, removals at period end.
  'per-provider': {
    ...monthly,
    licenceTypes: [
      { key: 'provider', unitAmount: 6000, addonTo: [], unlimited: false },
      { key: 'admin', unitAmount: 3000, addonTo: [], unlimited: false },
    ],
    invoiceChanges: 'immediately',
    increase: { charge: 'prorated' },
    decrease: { effective: 'period_end', credit: 'none', cutoffHours: 0 },
    service: {
      ...DEFAULT_SERVICE_POLICY,
      licenceRoles: { provider: ['provider'], admin: ['admin'] },
      exclusiveLicences: [['provider', 'admin']],
      ownerLicence: 'provider',
    },
  },
  // 004: a one-year term, blocks of 5 at the full locked price, removals only at renewal.
  'annual-term-blocks': {
    currency: 'USD',
    interval: 'year',
    intervalCount: 1,
    proration: { basis: 'day', rounding: 'half_up' },
    licenceTypes: [{ key: 'user', unitAmount: 6000, addonTo: [], unlimited: false }],
    invoiceChanges: 'immediately',
    increase: { charge: 'full' },
    decrease: { effective: 'renewal', credit: 'none', cutoffHours: 0 },
    blockSize: 5,
    term: {
      intervals: 1,
      renewalWindowDays: 30,
      increaseBlockedInRenewalWindow: true,
      autoRenew: false,
    },
    service: {
      ...DEFAULT_SERVICE_POLICY,
      licenceRoles: { provider: ['user'], admin: ['user'] },
      // Paid for at once by credit or debit card (004).
      collection: {
        ...DEFAULT_SERVICE_POLICY.collection,
        method: 'charge_automatically',
        daysUntilDue: 0,
      },
    },
  },
};

export const PRESET_IDS = Object.keys(PRESETS);
