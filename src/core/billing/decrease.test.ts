import { describe, expect, it } from 'vitest';
import {
  lines,
  monthlyPlan,
  runScenario,
  scenarioWith,
  subtotals,
} from '../../../test/support/run-scenario.js';

const remove = (at: string, seat: number) => ({ at, op: 'remove', seats: { seat } });
const periodEnd = (cutoffHours?: number) =>
  monthlyPlan({
    decrease: { effective: 'period_end', credit: 'none', ...(cutoffHours ? { cutoffHours } : {}) },
  });

describe('decreases', () => {
  it('immediately with a prorated credit for the rest of the period, on the next invoice', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [remove('2026-01-22', 3)]));
    expect(subtotals(result)).toEqual([31000, 7 * 3100 - 3000, 7 * 3100]);
    expect(result.invoices[1]?.lines[1]).toMatchObject({
      kind: 'credit',
      quantity: 3,
      amount: -3000,
      description: 'Removed: 3 x seat, 22 Jan - 31 Jan 2026 (10/31 of a month)',
      event: 0,
    });
  });

  it('immediately without credit: seats drop, no line', () => {
    const plan = monthlyPlan({ decrease: { effective: 'immediately', credit: 'none' } });
    const result = runScenario(scenarioWith(plan, [remove('2026-01-22', 3)]));
    expect(subtotals(result)).toEqual([31000, 21700, 21700]);
  });

  it('credits a seat once: a later removal does not credit seats never paid for', () => {
    const plan = monthlyPlan({ increase: { charge: 'none' } });
    const result = runScenario(
      scenarioWith(plan, [
        { at: '2026-01-10', op: 'add', seats: { seat: 2 } },
        remove('2026-01-22', 3),
      ]),
    );
    // Two unpaid seats were added; only one of the three removed was paid for.
    expect(
      lines(result)
        .filter((l) => l.kind === 'credit')
        .map((l) => [l.quantity, l.amount]),
    ).toEqual([[1, -1000]]);
  });

  it('period_end: scheduled for the end of the current period, no credit', () => {
    const result = runScenario(scenarioWith(periodEnd(), [remove('2026-01-22', 3)]));
    expect(result.events[0]).toMatchObject({
      outcome: 'scheduled',
      effective: '2026-02-01T00:00:00Z',
    });
    expect(subtotals(result)).toEqual([31000, 21700, 21700]);
    expect(result.seats).toEqual({ seat: 7 });
  });

  it('period_end asked for at the instant a period starts applies to that period', () => {
    const result = runScenario(scenarioWith(periodEnd(), [remove('2026-02-01', 3)]));
    expect(result.events[0]).toMatchObject({
      outcome: 'applied',
      effective: '2026-02-01T00:00:00Z',
    });
    expect(subtotals(result)).toEqual([31000, 21700, 21700]);
  });

  it('a cutoff pushes a late request one period further (002)', () => {
    const result = runScenario(
      scenarioWith(
        periodEnd(24),
        [remove('2026-01-31T00:00:00Z', 1), remove('2026-01-31T00:00:01Z', 1)],
        {
          until: '2026-04-01',
        },
      ),
    );
    // Exactly 24 hours before the cycle is in time; one second later is not.
    expect(result.events.map((e) => e.effective)).toEqual([
      '2026-02-01T00:00:00Z',
      '2026-03-01T00:00:00Z',
    ]);
    expect(subtotals(result)).toEqual([31000, 27900, 24800, 24800]);
  });

  it('a cutoff at the very start of a period also waits for the next one', () => {
    const result = runScenario(scenarioWith(periodEnd(24), [remove('2026-02-01', 1)]));
    expect(result.events[0]).toMatchObject({
      outcome: 'scheduled',
      effective: '2026-03-01T00:00:00Z',
    });
  });

  it('rejects going below zero, counting decreases already scheduled', () => {
    const result = runScenario(
      scenarioWith(periodEnd(), [
        remove('2026-01-10', 8),
        remove('2026-01-11', 3),
        remove('2026-01-12', 2),
      ]),
    );
    expect(result.events.map((e) => e.code ?? e.outcome)).toEqual([
      'scheduled',
      'below_zero',
      'scheduled',
    ]);
    expect(result.events[1]?.message).toBe(
      'Cannot remove 3 seat: only 2 left after scheduled removals',
    );
    expect(result.seats).toEqual({ seat: 0 });
  });

  it('set is an add or a remove of the difference with what is in force', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [
        { at: '2026-01-22', op: 'set', seats: { seat: 12 } },
        { at: '2026-01-22', op: 'set', seats: { seat: 12 } },
        { at: '2026-01-22', op: 'set', seats: { seat: 9 } },
      ]),
    );
    expect(
      lines(result)
        .filter((l) => l.kind !== 'recurring')
        .map((l) => [l.kind, l.quantity]),
    ).toEqual([
      ['proration', 2],
      ['credit', 3],
    ]);
    expect(result.seats).toEqual({ seat: 9 });
  });

  it('renewal: removals only inside the renewal window, effective at term end', () => {
    const result = runScenario({
      plan: 'annual-term-blocks',
      start: '2026-01-01',
      seats: { user: 20 },
      events: [
        { at: '2026-12-01', op: 'remove', seats: { user: 5 } },
        { at: '2026-12-02', op: 'remove', seats: { user: 5 } },
      ],
      until: '2026-12-31',
    });
    expect(result.events[0]).toMatchObject({ outcome: 'rejected', code: 'decrease_not_allowed' });
    expect(result.events[1]).toMatchObject({
      outcome: 'scheduled',
      effective: '2027-01-01T00:00:00Z',
    });
  });

  it('free unlimited types are never billed nor bound by the rules (002)', () => {
    const plan = monthlyPlan({
      licenceTypes: { seat: { unitAmount: 3100 }, clerical: { unitAmount: 0, unlimited: true } },
      blockSize: 5,
      decrease: { effective: 'period_end', credit: 'none' },
    });
    const result = runScenario(
      scenarioWith(
        plan,
        [
          { at: '2026-01-05', op: 'add', seats: { clerical: 7 } },
          { at: '2026-01-06', op: 'remove', seats: { clerical: 3 } },
        ],
        { seats: { seat: 5, clerical: 1 } },
      ),
    );
    expect(result.events.map((e) => e.outcome)).toEqual(['applied', 'applied']);
    expect(result.seats).toEqual({ seat: 5, clerical: 5 });
    expect(lines(result).every((l) => l.licenceType === 'seat')).toBe(true);
  });
});
