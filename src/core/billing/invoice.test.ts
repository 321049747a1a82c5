import { describe, expect, it } from 'vitest';
import {
  monthlyPlan,
  runScenario,
  scenarioWith,
  subtotals,
} from '../../../test/support/run-scenario.js';
import { settle, type InvoiceLine } from './invoice.js';

const line = (amount: bigint): InvoiceLine => ({
  kind: amount < 0n ? 'credit' : 'recurring',
  licenceType: 'seat',
  quantity: 1,
  from: { ms: 0, day: 0 },
  to: { ms: 0, day: 0 },
  amount,
  description: '',
  cause: 'period',
  event: null,
});

describe('settle', () => {
  it.each([
    // lines, balance before -> subtotal, applied, total, balance after
    [[100n, 50n], 0n, 150n, 0n, 150n, 0n],
    [[100n], 30n, 100n, 30n, 70n, 0n],
    [[100n], 300n, 100n, 100n, 0n, 200n],
    [[100n, -250n], 10n, -150n, 0n, 0n, 160n],
    [[0n], 10n, 0n, 0n, 0n, 10n],
  ])('case %#', (amounts, balance, subtotal, applied, total, after) => {
    expect(settle(amounts.map(line), balance)).toEqual({
      subtotal,
      creditApplied: applied,
      total,
      creditBalance: after,
    });
  });
});

describe('invoices', () => {
  it('invoice_now issues the pending lines at once; with none pending it issues nothing', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [
        { at: '2026-01-03', op: 'invoice_now' },
        { at: '2026-01-22', op: 'add', seats: { seat: 1 } },
        { at: '2026-01-23T08:00:00Z', op: 'invoice_now' },
      ]),
    );
    expect(result.invoices.map((i) => [i.issuedAt, i.subtotal])).toEqual([
      ['2026-01-01T00:00:00Z', 31000],
      ['2026-01-23T08:00:00Z', 1000],
      ['2026-02-01T00:00:00Z', 34100],
      ['2026-03-01T00:00:00Z', 34100],
    ]);
    expect(result.events.map((e) => e.outcome)).toEqual(['applied', 'applied', 'applied']);
  });

  it('events dated at one instant are applied before that instant invoice', () => {
    const plan = monthlyPlan({ invoiceChanges: 'immediately' });
    const result = runScenario(
      scenarioWith(plan, [
        { at: '2026-01-22', op: 'add', seats: { seat: 1 } },
        { at: '2026-01-22', op: 'add', seats: { seat: 1 } },
      ]),
    );
    expect(result.invoices[1]?.lines.map((l) => l.amount)).toEqual([1000, 1000]);
  });

  it('free types and empty quantities issue no invoice', () => {
    const plan = monthlyPlan({ licenceTypes: { clerical: { unitAmount: 0, unlimited: true } } });
    const result = runScenario(scenarioWith(plan, [], { seats: { clerical: 3 } }));
    expect(result.invoices).toEqual([]);
  });

  it('events after until are reported, not applied', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [{ at: '2026-03-02', op: 'add', seats: { seat: 1 } }]),
    );
    expect(result.events[0]).toMatchObject({ outcome: 'rejected', code: 'after_until' });
    expect(subtotals(result)).toEqual([31000, 31000, 31000]);
  });

  it('keeps amounts beyond 2^53 exact', () => {
    const plan = monthlyPlan({ licenceTypes: { seat: { unitAmount: 1e12 } } });
    const text = JSON.stringify(
      scenarioWith(plan, [], { seats: { seat: 1e6 }, until: '2026-01-01' }),
    );
    const result = runScenario(JSON.parse(text));
    expect(result.invoices).toHaveLength(1);
    // JSON numbers lose precision in JavaScript; the text holds the exact integer.
    expect(JSON.stringify(result)).toContain('1000000000000000000');
  });
});
