import { describe, expect, it } from 'vitest';
import {
  lines,
  monthlyPlan,
  runScenario,
  scenarioWith,
  subtotals,
} from '../../../test/support/run-scenario.js';

const cancel = (at: string, effective: string) => ({ at, op: 'cancel', effective });

describe('cancellation', () => {
  it('inside a billed period: the rest is credited on an invoice issued at the end', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [cancel('2026-01-05', '2026-01-22')]));
    expect(result.invoices.map((i) => [i.issuedAt, i.subtotal])).toEqual([
      ['2026-01-01T00:00:00Z', 31000],
      ['2026-01-22T00:00:00Z', -10000],
    ]);
    expect(result.status).toBe('ended');
    expect(result.creditBalance).toBe(10000);
    expect(result.events[0]).toMatchObject({
      outcome: 'scheduled',
      effective: '2026-01-22T00:00:00Z',
    });
  });

  it('with decrease.credit none: no credit, the subscription still ends', () => {
    const plan = monthlyPlan({ decrease: { effective: 'period_end', credit: 'none' } });
    const result = runScenario(scenarioWith(plan, [cancel('2026-01-05', '2026-01-22')]));
    expect(subtotals(result)).toEqual([31000]);
    expect(result.status).toBe('ended');
  });

  it('a period not yet billed is billed only up to the known end', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [cancel('2026-01-05', '2026-02-15')]));
    expect(result.invoices[1]?.lines[0]).toMatchObject({
      kind: 'recurring',
      to: '2026-02-15T00:00:00Z',
      amount: 15500, // 14 days of 28
      description: '10 x seat, 1 Feb - 14 Feb 2026 (1/2 of a month)',
    });
    expect(subtotals(result)).toEqual([31000, 15500]);
  });

  it('additions after the cancellation are prorated to the known end', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [
        cancel('2026-01-05', '2026-01-22'),
        { at: '2026-01-12', op: 'add', seats: { seat: 1 } },
      ]),
    );
    expect(lines(result).find((l) => l.kind === 'proration')).toMatchObject({
      to: '2026-01-22T00:00:00Z',
      amount: 1000,
    });
    // The final invoice credits the 10 original seats from the 22nd; the added seat was only charged to it.
    expect(subtotals(result)).toEqual([31000, 1000 - 10000]);
  });

  it('effective at a period start: that period is not billed, pending lines go on a final invoice', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [
        { at: '2026-01-22', op: 'add', seats: { seat: 1 } },
        cancel('2026-01-25', '2026-02-01'),
      ]),
    );
    expect(result.invoices.map((i) => [i.issuedAt, i.subtotal])).toEqual([
      ['2026-01-01T00:00:00Z', 31000],
      ['2026-02-01T00:00:00Z', 1000],
    ]);
  });

  it('a second cancellation is rejected; events after the end are rejected', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [
        cancel('2026-01-05', '2026-01-22'),
        cancel('2026-01-06', '2026-01-10'),
        { at: '2026-01-22', op: 'invoice_now' },
      ]),
    );
    expect(result.events.map((e) => e.code ?? e.outcome)).toEqual([
      'scheduled',
      'cancellation_pending',
      'subscription_ended',
    ]);
  });

  it('effective at once ends the subscription at that instant', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [cancel('2026-01-22', '2026-01-22')]));
    expect(result.events[0]).toMatchObject({ outcome: 'applied' });
    expect(subtotals(result)).toEqual([31000, -10000]);
  });

  it('after a renewal, a prepaid term is credited as decrease.credit says', () => {
    const plan = {
      currency: 'USD',
      interval: 'month',
      licenceTypes: { seat: { unitAmount: 3100 } },
      term: { intervals: 1, renewalWindowDays: 10 },
    };
    const result = runScenario(
      scenarioWith(plan, [{ at: '2026-01-25', op: 'renew' }, cancel('2026-01-26', '2026-01-29')]),
    );
    // Renewal: February for 10 seats. Cancelled from the 29th: 3 days of January and all of February.
    expect(subtotals(result)).toEqual([31000, 31000, -3000 - 31000]);
  });
});
