import { describe, expect, it } from 'vitest';
import { lines, runScenario, subtotals } from '../../../test/support/run-scenario.js';

const annual = (events: Record<string, unknown>[], until = '2027-03-01', seats = { user: 10 }) => ({
  plan: 'annual-term-blocks',
  start: '2026-01-01',
  seats,
  events,
  until,
});

describe('terms and renewal (004)', () => {
  it('the renewal window is the last 30 days of the term; renewal outside it is rejected', () => {
    const result = runScenario(
      annual([
        { at: '2026-12-01T23:59:59Z', op: 'renew' },
        { at: '2026-12-02', op: 'renew' },
        { at: '2026-12-03', op: 'renew' },
      ]),
    );
    expect(result.events.map((e) => e.code ?? e.outcome)).toEqual([
      'renewal_not_open',
      'applied',
      'renewal_not_open',
    ]);
    expect(result.events[0]?.message).toBe('The renewal window opens at 2026-12-02T00:00:00Z');
    expect(result.events[2]?.message).toBe('The term has already been renewed');
  });

  it('renewal invoices the next term at once with the quantities in force at term end', () => {
    const result = runScenario(
      annual([
        { at: '2026-12-10', op: 'remove', seats: { user: 5 } },
        { at: '2026-12-20', op: 'renew' },
      ]),
    );
    expect(result.invoices.map((i) => [i.issuedAt, i.subtotal])).toEqual([
      ['2026-01-01T00:00:00Z', 60000],
      ['2026-12-20T00:00:00Z', 30000],
    ]);
    expect(result.invoices[1]?.lines[0]).toMatchObject({
      kind: 'recurring',
      quantity: 5,
      from: '2027-01-01T00:00:00Z',
      to: '2028-01-01T00:00:00Z',
      cause: 'renewal',
      event: 1,
    });
    expect(result.seats).toEqual({ user: 5 });
  });

  it('renewal with a new plan and quantities; the new price holds for the new term', () => {
    const plan = {
      currency: 'USD',
      interval: 'year',
      licenceTypes: { user: { unitAmount: 5000 } },
      invoiceChanges: 'immediately',
      increase: { charge: 'full' },
      decrease: { effective: 'renewal', credit: 'none' },
      blockSize: 5,
      term: { intervals: 1, renewalWindowDays: 30, increaseBlockedInRenewalWindow: true },
    };
    const result = runScenario(
      annual([
        { at: '2026-12-20', op: 'renew', plan, seats: { user: 25 } },
        { at: '2027-02-01', op: 'add', seats: { user: 5 } },
      ]),
    );
    expect(subtotals(result)).toEqual([60000, 125000, 25000]);
    expect(result.seats).toEqual({ user: 30 });
  });

  it('renewal quantities must keep to the block size', () => {
    const result = runScenario(annual([{ at: '2026-12-20', op: 'renew', seats: { user: 12 } }]));
    expect(result.events[0]).toMatchObject({ outcome: 'rejected', code: 'block_size' });
  });

  it('seats bought after the renewal are charged for the new term only', () => {
    const result = runScenario(
      annual([
        { at: '2026-12-20', op: 'renew' },
        { at: '2026-12-21', op: 'add', seats: { user: 5 } },
      ]),
    );
    const charge = lines(result).find((l) => l.kind === 'charge');
    expect(charge).toMatchObject({
      quantity: 5,
      amount: 30000,
      from: '2027-01-01T00:00:00Z',
      to: '2028-01-01T00:00:00Z',
    });
    expect(subtotals(result)).toEqual([60000, 60000, 30000]);
  });

  it('seats released after a renewal on a period-end plan are credited back when the new term starts', () => {
    const plan = {
      currency: 'USD',
      interval: 'month',
      licenceTypes: { user: { unitAmount: 1000 } },
      decrease: { effective: 'period_end', credit: 'none' },
      term: { intervals: 12, renewalWindowDays: 30 },
    };
    const result = runScenario({
      plan,
      start: '2026-01-01',
      seats: { user: 10 },
      events: [
        { at: '2026-12-05', op: 'renew' },
        { at: '2026-12-06', op: 'remove', seats: { user: 4 } },
      ],
      until: '2027-02-01',
    });
    const adjustment = lines(result).find((l) => l.cause === 'renewal_adjustment');
    expect(adjustment).toMatchObject({ kind: 'credit', quantity: 4, amount: -4000 });
    // Dec: 10 seats; renewal: January for 10; February: 6 seats less the 4 credited.
    expect(subtotals(result).slice(-3)).toEqual([10000, 10000, 6000 - 4000]);
    expect(result.seats).toEqual({ user: 6 });
  });

  it('a term that is not renewed ends; events after it are rejected', () => {
    const result = runScenario(annual([{ at: '2027-01-01', op: 'add', seats: { user: 5 } }]));
    expect(result.status).toBe('ended');
    expect(result.events[0]).toMatchObject({ outcome: 'rejected', code: 'subscription_ended' });
  });

  it('autoRenew starts a new term on the same plan', () => {
    const plan = {
      currency: 'USD',
      interval: 'year',
      licenceTypes: { user: { unitAmount: 6000 } },
      term: {
        intervals: 1,
        renewalWindowDays: 30,
        autoRenew: true,
        increaseBlockedInRenewalWindow: true,
      },
    };
    const result = runScenario({
      ...annual([{ at: '2027-12-15', op: 'add', seats: { user: 1 } }], '2028-01-01'),
      plan,
    });
    expect(subtotals(result)).toEqual([60000, 60000, 60000]);
    expect(result.events[0]?.code).toBe('renewal_window');
  });

  it('a leading partial period belongs to the first term', () => {
    const plan = {
      currency: 'USD',
      interval: 'month',
      licenceTypes: { user: { unitAmount: 3000 } },
      term: { intervals: 2, renewalWindowDays: 10 },
    };
    const result = runScenario({
      plan,
      start: '2026-01-16',
      billingAnchor: '2026-02-01',
      seats: { user: 1 },
      until: '2026-05-01',
    });
    // 16 to 31 Jan, then February and March; the term ends on 1 April.
    expect(subtotals(result)).toEqual([1548, 3000, 3000]);
    expect(result.status).toBe('ended');
  });

  it('a renewal onto another interval starts a schedule from the term end', () => {
    const monthly = {
      currency: 'USD',
      interval: 'month',
      licenceTypes: { user: { unitAmount: 600 } },
      term: { intervals: 1, renewalWindowDays: 10, autoRenew: true },
    };
    const result = runScenario({
      ...annual([{ at: '2026-12-25', op: 'renew', plan: monthly }], '2027-03-15'),
    });
    expect(result.invoices.map((i) => [i.issuedOn, i.subtotal])).toEqual([
      ['2026-01-01', 60000],
      ['2026-12-25', 6000],
      ['2027-02-01', 6000],
      ['2027-03-01', 6000],
    ]);
  });
});
