import { describe, expect, it } from 'vitest';
import { PRESETS } from '../plans/index.js';
import { monthlyRecurringRevenue } from './recurring-revenue.js';

const plan = (id: string) => {
  const found = PRESETS[id];
  if (!found) throw new Error(id);
  return found;
};

describe('monthly recurring revenue', () => {
  it('is one period of the seats in force on a monthly plan, free types left out', () => {
    const seats = new Map([
      ['therapist', 3],
      ['assistant', 2],
      ['clerical', 9],
    ]);
    expect(monthlyRecurringRevenue(plan('clinic-requests'), seats, false)).toBe(40000n);
  });

  it('spreads a year over 12 months, rounding once', () => {
    // 5 x 60.00 a year = 300.00 / 12 = 25.00; 7 x 60.00 = 420.00 / 12 = 35.00.
    expect(monthlyRecurringRevenue(plan('annual-term-blocks'), new Map([['user', 5]]), false)).toBe(
      2500n,
    );
    const odd = {
      ...plan('annual-term-blocks'),
      licenceTypes: [{ key: 'user', unitAmount: 1001, addonTo: [], unlimited: false }],
    };
    // 10.01 / 12 = 0.834166... rounds half up to 0.83.
    expect(monthlyRecurringRevenue(odd, new Map([['user', 1]]), false)).toBe(83n);
  });

  it('is zero once the subscription has ended', () => {
    expect(monthlyRecurringRevenue(plan('per-provider'), new Map([['provider', 4]]), true)).toBe(
      0n,
    );
  });
});
