import { describe, expect, it } from 'vitest';
import { InputFault } from '../validation/input-reader.js';
import { readPlan } from './parse-plan.js';
import { planToJson } from './plan-json.js';
import { PRESETS } from './presets.js';

const fault = (value: unknown): string => {
  try {
    readPlan(value, 'plan');
  } catch (error) {
    if (error instanceof InputFault) return error.message;
    throw error;
  }
  throw new Error('the plan is valid');
};

const minimal = { currency: 'USD', interval: 'month', licenceTypes: { seat: { unitAmount: 100 } } };

describe('readPlan', () => {
  it('fills in the contract defaults', () => {
    expect(readPlan(minimal, 'plan')).toEqual({
      currency: 'USD',
      interval: 'month',
      intervalCount: 1,
      licenceTypes: [{ key: 'seat', unitAmount: 100, addonTo: [], unlimited: false }],
      proration: { basis: 'day', rounding: 'half_up' },
      invoiceChanges: 'next_invoice',
      increase: { charge: 'prorated' },
      decrease: { effective: 'immediately', credit: 'prorated', cutoffHours: 0 },
      blockSize: 1,
      term: null,
      service: {
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
      },
    });
  });

  it('reads back what planToJson writes, for every preset', () => {
    for (const preset of Object.values(PRESETS)) {
      expect(readPlan(JSON.parse(JSON.stringify(planToJson(preset))), 'plan')).toEqual(preset);
    }
  });

  it('returns a preset by id', () => {
    expect(readPlan('annual-term-blocks', 'plan')).toEqual({
      ...PRESETS['annual-term-blocks'],
      id: 'annual-term-blocks',
    });
  });

  it.each([
    [
      'nope',
      'plan: unknown preset "nope" (presets: prorated-monthly, clinic-requests, per-provider, annual-term-blocks)',
    ],
    [
      { ...minimal, currency: 'usd' },
      'plan.currency: must be an ISO 4217 currency code such as "USD"',
    ],
    [{ ...minimal, interval: 'week' }, 'plan.interval: must be one of "month", "year"'],
    [{ ...minimal, intervalCount: 0 }, 'plan.intervalCount: must be an integer >= 1'],
    [{ ...minimal, licenceTypes: {} }, 'plan.licenceTypes: must name at least one licence type'],
    [
      { ...minimal, licenceTypes: { seat: { unitAmount: 1.5 } } },
      'plan.licenceTypes.seat.unitAmount: must be an integer >= 0',
    ],
    [
      { ...minimal, licenceTypes: { seat: { unitAmount: 1e13 } } },
      'plan.licenceTypes.seat.unitAmount: must be an integer <= 1000000000000',
    ],
    [
      { ...minimal, licenceTypes: { seat: { unitAmount: 1, addonTo: ['base'] } } },
      'plan.licenceTypes.seat.addonTo[0]: names no licence type of this plan ("base")',
    ],
    [
      { ...minimal, licenceTypes: { free: { unitAmount: 5, unlimited: true } } },
      'plan.licenceTypes.free.unitAmount: must be 0 for an unlimited type',
    ],
    [
      { ...minimal, blocksize: 5 },
      'plan.blocksize: unknown field (expected one of: id, currency, interval, intervalCount, licenceTypes, proration, invoiceChanges, increase, decrease, blockSize, term, scope, licenceRoles, exclusiveLicences, ownerLicence, removalReasonRequired, removalExplanationRequired, removalApproval, collection)',
    ],
    [
      { ...minimal, decrease: { effective: 'renewal' } },
      'plan.decrease.effective: "renewal" needs a term',
    ],
    [
      { ...minimal, decrease: { cutoffHours: 24 } },
      'plan.decrease.cutoffHours: applies only with "effective": "period_end"',
    ],
    [{ ...minimal, term: { renewalWindowDays: 30 } }, 'plan.term.intervals: is required'],
    [
      { ...minimal, proration: { basis: 'hour' } },
      'plan.proration.basis: must be one of "day", "second"',
    ],
  ])('refuses %j', (plan, message) => {
    expect(fault(plan)).toBe(message);
  });
});
