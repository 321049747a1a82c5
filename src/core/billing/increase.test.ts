import { describe, expect, it } from 'vitest';
import {
  lines,
  monthlyPlan,
  runScenario,
  scenarioWith,
  subtotals,
} from '../../../test/support/run-scenario.js';

const add = (at: string, seat: number) => ({ at, op: 'add', seats: { seat } });

describe('increases', () => {
  it('prorated: n seats for the rest of the period, the day of the change included, on the next invoice', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [add('2026-01-22', 2)]));
    // 22 to 31 Jan: 10 days of 31.
    expect(subtotals(result)).toEqual([31000, 12 * 3100 + 2000, 12 * 3100]);
    expect(result.invoices[1]?.lines[1]).toMatchObject({
      kind: 'proration',
      quantity: 2,
      from: '2026-01-22T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
      amount: 2000,
      event: 0,
    });
  });

  it('prorated and invoiced immediately: an invoice at the instant of the change', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan({ invoiceChanges: 'immediately' }), [
        add('2026-01-22T15:30:00Z', 2),
      ]),
    );
    expect(result.invoices.map((i) => [i.issuedAt, i.subtotal])).toEqual([
      ['2026-01-01T00:00:00Z', 31000],
      ['2026-01-22T15:30:00Z', 2000],
      ['2026-02-01T00:00:00Z', 37200],
      ['2026-03-01T00:00:00Z', 37200],
    ]);
  });

  it('a change dated exactly at a period start changes that period recurring line, with no proration', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [add('2026-02-01', 2)]));
    expect(subtotals(result)).toEqual([31000, 37200, 37200]);
    expect(lines(result).every((line) => line.kind === 'recurring')).toBe(true);
  });

  it('the same day after the period invoice: the whole period is prorated (day basis)', () => {
    const result = runScenario(scenarioWith(monthlyPlan(), [add('2026-02-01T09:00:00Z', 1)]));
    expect(result.invoices[2]?.lines[1]).toMatchObject({ kind: 'proration', amount: 3100 });
  });

  it('full: the whole price for seats above the highest quantity already paid this period', () => {
    const plan = monthlyPlan({
      increase: { charge: 'full' },
      decrease: { effective: 'immediately', credit: 'none' },
    });
    const result = runScenario(
      scenarioWith(plan, [
        { at: '2026-01-05', op: 'remove', seats: { seat: 4 } },
        add('2026-01-06', 4),
        add('2026-01-07', 3),
        { at: '2026-02-10', op: 'set', seats: { seat: 15 } },
      ]),
    );
    expect(subtotals(result)).toEqual([31000, 13 * 3100 + 3 * 3100, 15 * 3100 + 2 * 3100]);
    expect(
      lines(result)
        .filter((l) => l.kind === 'charge')
        .map((l) => [l.quantity, l.event]),
    ).toEqual([
      [3, 2],
      [2, 3],
    ]);
  });

  it('none: no line; the next period bills the new quantity', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan({ increase: { charge: 'none' } }), [add('2026-01-10', 5)]),
    );
    expect(subtotals(result)).toEqual([31000, 15 * 3100, 15 * 3100]);
  });

  it('rejects a change that is not a multiple of the block size, changing nothing', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan({ blockSize: 5 }), [add('2026-01-10', 3), add('2026-01-10', 10)]),
    );
    expect(result.events[0]).toMatchObject({ outcome: 'rejected', code: 'block_size' });
    expect(result.events[1]).toMatchObject({ outcome: 'applied' });
    expect(result.seats).toEqual({ seat: 20 });
  });

  it('rejects the whole event when one of its types breaks a rule', () => {
    const plan = monthlyPlan({
      licenceTypes: { seat: { unitAmount: 100 }, extra: { unitAmount: 50 } },
      blockSize: 2,
    });
    const result = runScenario(
      scenarioWith(plan, [{ at: '2026-01-10', op: 'add', seats: { seat: 2, extra: 1 } }], {
        seats: { seat: 2 },
      }),
    );
    expect(result.events[0]?.code).toBe('block_size');
    expect(result.seats).toEqual({ seat: 2 });
  });

  it('warns when add-on seats exceed their base seats, and applies the change (000)', () => {
    const result = runScenario({
      plan: 'prorated-monthly',
      start: '2026-01-01',
      seats: { practitioner: 2 },
      events: [
        { at: '2026-01-05', op: 'add', seats: { 'telehealth-pro': 2 } },
        { at: '2026-01-06', op: 'add', seats: { benchmarking: 3 } },
        { at: '2026-01-07', op: 'remove', seats: { benchmarking: 1 } },
      ],
      until: '2026-01-31',
    });
    expect(result.events.map((e) => [e.outcome, e.warnings])).toEqual([
      ['applied', undefined],
      ['applied', ['addon_exceeds_base']],
      ['applied', undefined],
    ]);
  });

  it('second basis: a daylight-saving month is 743 hours long', () => {
    const plan = monthlyPlan({ proration: { basis: 'second', rounding: 'half_even' } });
    const result = runScenario(
      scenarioWith(plan, [add('2026-03-16T00:00:00-04:00', 1)], {
        timeZone: 'America/New_York',
        start: '2026-03-01',
        until: '2026-04-01',
      }),
    );
    // 16 days of 24 hours out of 31 days less the hour lost on 8 March.
    const proration = result.invoices[1]?.lines[1];
    expect(proration).toMatchObject({ from: '2026-03-16T04:00:00Z', to: '2026-04-01T04:00:00Z' });
    expect(proration?.amount).toBe(Math.round((3100 * 384) / 743));
  });

  it('day basis in a zone: the change counts from the start of its local day', () => {
    const result = runScenario(
      scenarioWith(monthlyPlan(), [add('2026-01-22T03:00:00Z', 1)], {
        timeZone: 'America/Los_Angeles',
        until: '2026-02-01',
      }),
    );
    // 03:00Z on 22 Jan is still 21 Jan in Los Angeles: 11 days of 31.
    expect(result.invoices[1]?.lines[1]).toMatchObject({
      from: '2026-01-21T08:00:00Z',
      amount: 1100,
    });
    expect(result.events[0]?.effective).toBe('2026-01-21T08:00:00Z');
  });
});
