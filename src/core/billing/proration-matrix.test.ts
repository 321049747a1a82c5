import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../test/support/run-scenario.js';

/**
 * The partial-period matrix: monthly, quarterly and annual plans x leading, trailing and
 * double partial periods x months of 28 to 31 days x leap years. Each row states the days
 * by hand, so the engine is checked against the calendar, not against itself.
 */
const UNIT = 10_000;
const QUANTITY = 3;

type Row = {
  case: string;
  interval: 'month' | 'year';
  intervalCount: number;
  start: string;
  anchor?: string;
  /** Cancellation effective date: makes the period trailing (or double partial with an anchor). */
  end?: string;
  /** The partial period's line: its days and the days of the cycle it is a part of. */
  partDays: number;
  cycleDays: number;
  /** Which invoice holds the partial line. */
  invoice: number;
};

const rows: Row[] = [
  // Leading partial periods: [start, anchor) of the cycle [anchor - 1 interval, anchor).
  {
    case: 'leading, February of 28 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-02-10',
    anchor: '2026-03-01',
    partDays: 19,
    cycleDays: 28,
    invoice: 0,
  },
  {
    case: 'leading, February of 29 days (leap)',
    interval: 'month',
    intervalCount: 1,
    start: '2024-02-10',
    anchor: '2024-03-01',
    partDays: 20,
    cycleDays: 29,
    invoice: 0,
  },
  {
    case: 'leading, April of 30 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-04-16',
    anchor: '2026-05-01',
    partDays: 15,
    cycleDays: 30,
    invoice: 0,
  },
  {
    case: 'leading, January of 31 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-01-20',
    anchor: '2026-02-01',
    partDays: 12,
    cycleDays: 31,
    invoice: 0,
  },
  {
    case: 'leading, anchor on the 31st, cycle from a clamped 28 Feb',
    interval: 'month',
    intervalCount: 1,
    start: '2026-03-15',
    anchor: '2026-03-31',
    partDays: 16,
    cycleDays: 31,
    invoice: 0,
  },
  {
    case: 'leading, quarter of 90 days',
    interval: 'month',
    intervalCount: 3,
    start: '2026-02-15',
    anchor: '2026-04-01',
    partDays: 45,
    cycleDays: 90,
    invoice: 0,
  },
  {
    case: 'leading, quarter of 91 days (leap)',
    interval: 'month',
    intervalCount: 3,
    start: '2024-02-15',
    anchor: '2024-04-01',
    partDays: 46,
    cycleDays: 91,
    invoice: 0,
  },
  {
    case: 'leading, year of 365 days',
    interval: 'year',
    intervalCount: 1,
    start: '2025-07-01',
    anchor: '2026-01-01',
    partDays: 184,
    cycleDays: 365,
    invoice: 0,
  },
  {
    case: 'leading, year of 366 days (leap)',
    interval: 'year',
    intervalCount: 1,
    start: '2024-07-01',
    anchor: '2025-01-01',
    partDays: 184,
    cycleDays: 366,
    invoice: 0,
  },
  // Trailing partial periods: the second period billed up to a known end.
  {
    case: 'trailing, February of 28 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-01-01',
    end: '2026-02-10',
    partDays: 9,
    cycleDays: 28,
    invoice: 1,
  },
  {
    case: 'trailing, February of 29 days (leap)',
    interval: 'month',
    intervalCount: 1,
    start: '2024-01-01',
    end: '2024-02-10',
    partDays: 9,
    cycleDays: 29,
    invoice: 1,
  },
  {
    case: 'trailing, April of 30 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-03-01',
    end: '2026-04-21',
    partDays: 20,
    cycleDays: 30,
    invoice: 1,
  },
  {
    case: 'trailing, August of 31 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-07-01',
    end: '2026-08-16',
    partDays: 15,
    cycleDays: 31,
    invoice: 1,
  },
  {
    case: 'trailing, quarter of 91 days',
    interval: 'month',
    intervalCount: 3,
    start: '2026-01-01',
    end: '2026-05-01',
    partDays: 30,
    cycleDays: 91,
    invoice: 1,
  },
  {
    case: 'trailing, year of 366 days (leap)',
    interval: 'year',
    intervalCount: 1,
    start: '2027-01-01',
    end: '2028-03-01',
    partDays: 60,
    cycleDays: 366,
    invoice: 1,
  },
  {
    case: 'trailing, year of 365 days',
    interval: 'year',
    intervalCount: 1,
    start: '2025-01-01',
    end: '2026-03-01',
    partDays: 59,
    cycleDays: 365,
    invoice: 1,
  },
  // Double partial: a leading period that also ends early.
  {
    case: 'double, February of 28 days',
    interval: 'month',
    intervalCount: 1,
    start: '2026-02-10',
    anchor: '2026-03-01',
    end: '2026-02-20',
    partDays: 10,
    cycleDays: 28,
    invoice: 0,
  },
  {
    case: 'double, February of 29 days (leap)',
    interval: 'month',
    intervalCount: 1,
    start: '2024-02-10',
    anchor: '2024-03-01',
    end: '2024-02-20',
    partDays: 10,
    cycleDays: 29,
    invoice: 0,
  },
  {
    case: 'double, anchor on the 31st',
    interval: 'month',
    intervalCount: 1,
    start: '2026-01-10',
    anchor: '2026-01-31',
    end: '2026-01-25',
    partDays: 15,
    cycleDays: 31,
    invoice: 0,
  },
  {
    case: 'double, quarter of 91 days',
    interval: 'month',
    intervalCount: 3,
    start: '2026-05-01',
    anchor: '2026-07-01',
    end: '2026-06-01',
    partDays: 31,
    cycleDays: 91,
    invoice: 0,
  },
  {
    case: 'double, leap year',
    interval: 'year',
    intervalCount: 1,
    start: '2028-02-01',
    anchor: '2029-01-01',
    end: '2028-03-01',
    partDays: 29,
    cycleDays: 366,
    invoice: 0,
  },
];

function expectedAmount(partDays: number, cycleDays: number): number {
  const exact = BigInt(UNIT * QUANTITY * partDays);
  const whole = BigInt(cycleDays);
  return Number((2n * exact + whole) / (2n * whole)); // half up, for positive amounts
}

describe('proration matrix', () => {
  it.each(rows)('$case', (row) => {
    const result = runScenario({
      plan: {
        currency: 'USD',
        interval: row.interval,
        intervalCount: row.intervalCount,
        licenceTypes: { seat: { unitAmount: UNIT } },
      },
      start: row.start,
      ...(row.anchor ? { billingAnchor: row.anchor } : {}),
      seats: { seat: QUANTITY },
      events: row.end ? [{ at: row.start, op: 'cancel', effective: row.end }] : [],
      until: row.end ?? row.anchor ?? row.start,
    });
    const line = result.invoices[row.invoice]?.lines[0];
    expect(line?.kind).toBe('recurring');
    expect(line?.amount).toBe(expectedAmount(row.partDays, row.cycleDays));
    expect(line?.description).toContain(fractionText(row.partDays, row.cycleDays));
  });

  it.each([
    ['half_up', 1, 5001],
    ['half_even', 1, 5000],
    ['half_up', 3, 15002],
    ['half_even', 3, 15002],
  ] as const)(
    'a tie rounds %s: %i seats for half of a 30-day month',
    (rounding, quantity, amount) => {
      // 16 to 30 April, 15 days of 30, at 10001 a seat: 5000.5 per seat, a tie for odd quantities.
      const result = runScenario({
        plan: {
          currency: 'USD',
          interval: 'month',
          licenceTypes: { seat: { unitAmount: 10_001 } },
          proration: { basis: 'day', rounding },
        },
        start: '2026-04-01',
        seats: { seat: 1 },
        events: [{ at: '2026-04-16', op: 'add', seats: { seat: quantity } }],
        until: '2026-05-01',
      });
      const proration = result.invoices[1]?.lines.find((l) => l.kind === 'proration');
      expect(proration?.amount).toBe(amount);
    },
  );
});

function fractionText(part: number, whole: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(part, whole);
  return `(${part / d}/${whole / d} of`;
}
