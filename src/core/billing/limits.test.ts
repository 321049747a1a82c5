import { describe, expect, it } from 'vitest';
import { PRESETS, type Plan } from '../plans/index.js';
import { checkLimits, MAX_PERIOD_AMOUNT, MAX_SEATS } from './limits.js';

const plan = PRESETS['per-provider'] as Plan;
const dear: Plan = {
  ...plan,
  licenceTypes: [{ key: 'seat', unitAmount: 1e12, addonTo: [], unlimited: false }],
};

describe('limits before anything is recorded', () => {
  it('allows up to the limits', () => {
    expect(checkLimits(plan, new Map([['provider', MAX_SEATS]]))).toBeNull();
    expect(checkLimits(dear, new Map([['seat', 1000]]))).toBeNull();
  });

  it('refuses more seats than the limit, naming the type', () => {
    expect(checkLimits(plan, new Map([['provider', MAX_SEATS + 1]]))).toMatchObject({
      code: 'quantity_limit',
      field: 'seats.provider',
    });
  });

  it('refuses a period dearer than the amount limit', () => {
    // 10^12 x 1001 = 1.001 x 10^15.
    expect(checkLimits(dear, new Map([['seat', 1001]]))).toMatchObject({ code: 'amount_limit' });
    expect(MAX_PERIOD_AMOUNT < 2n ** 53n).toBe(true);
  });
});
