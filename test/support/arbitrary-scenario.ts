import fc from 'fast-check';

const DAY_MS = 86_400_000;
const EPOCH_2024 = Date.UTC(2024, 0, 1);

/** "2024-01-01" plus `days`. */
export function dateAfter2024(days: number): string {
  return new Date(EPOCH_2024 + days * DAY_MS).toISOString().slice(0, 10);
}

export interface PlanShape {
  readonly blockSize: number;
  readonly decreaseEffective: 'immediately' | 'period_end' | 'renewal';
  readonly cutoffHours: number;
  readonly term: { intervals: number; renewalWindowDays: number } | null;
}

const termArb = fc.option(
  fc.record({
    intervals: fc.integer({ min: 1, max: 12 }),
    renewalWindowDays: fc.integer({ min: 0, max: 60 }),
    increaseBlockedInRenewalWindow: fc.boolean(),
    autoRenew: fc.boolean(),
  }),
  { nil: null },
);

/** Any valid plan object: every policy of the contract in random combination. */
export const planArb = fc
  .record({
    interval: fc.constantFrom('month', 'year'),
    intervalCount: fc.integer({ min: 1, max: 3 }),
    unit: fc.integer({ min: 0, max: 1_000_000 }),
    addonUnit: fc.integer({ min: 1, max: 100_000 }),
    basis: fc.constantFrom('day', 'second'),
    rounding: fc.constantFrom('half_up', 'half_even'),
    invoiceChanges: fc.constantFrom('next_invoice', 'immediately'),
    charge: fc.constantFrom('prorated', 'full', 'none'),
    effective: fc.constantFrom('immediately', 'period_end', 'renewal'),
    credit: fc.constantFrom('prorated', 'none'),
    cutoffHours: fc.constantFrom(0, 0, 24, 72),
    blockSize: fc.constantFrom(1, 1, 2, 5),
    term: termArb,
  })
  .map((p) => {
    const effective = p.effective === 'renewal' && !p.term ? 'period_end' : p.effective;
    return {
      currency: 'USD',
      interval: p.interval,
      intervalCount: p.interval === 'year' ? 1 : p.intervalCount,
      licenceTypes: {
        seat: { unitAmount: p.unit },
        addon: { unitAmount: p.addonUnit, addonTo: ['seat'] },
        free: { unitAmount: 0, unlimited: true },
      },
      proration: { basis: p.basis, rounding: p.rounding },
      invoiceChanges: p.invoiceChanges,
      increase: { charge: p.charge },
      decrease: {
        effective,
        credit: p.credit,
        ...(effective === 'period_end' && p.cutoffHours > 0 ? { cutoffHours: p.cutoffHours } : {}),
      },
      blockSize: p.blockSize,
      term: p.term,
    };
  });

const quantitiesArb = (block: number) =>
  fc
    .record(
      {
        seat: fc.integer({ min: 0, max: 6 }).map((n) => n * block),
        addon: fc.integer({ min: 0, max: 4 }).map((n) => n * block),
        free: fc.integer({ min: 0, max: 9 }),
      },
      { requiredKeys: [] },
    )
    .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)));

type RawEvent = {
  gapHours: number;
  op: string;
  seats: Record<string, number>;
  effectiveDays: number;
  oddBlock: boolean;
};

const CONTRACT_OPS = ['add', 'add', 'remove', 'remove', 'set', 'invoice_now', 'renew', 'cancel'];

const rawEventArb = (ops: readonly string[]) =>
  fc.record({
    gapHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 24 * 70 })),
    op: fc.constantFrom(...ops),
    seats: quantitiesArb(1),
    effectiveDays: fc.integer({ min: 0, max: 90 }),
    oddBlock: fc.boolean(),
  });

/** Any valid scenario: a random plan, start, seats and a few years of random events. */
export const scenarioArb = scenarioArbitrary(CONTRACT_OPS);

/** As `scenarioArb`, with the service's own facts too (credit to the balance, withdrawals). */
export const serviceScenarioArb = scenarioArbitrary([
  ...CONTRACT_OPS,
  'credit',
  'withdraw',
  'withdraw',
]);

function scenarioArbitrary(ops: readonly string[]) {
  return fc
    .record({
      plan: planArb,
      startDay: fc.integer({ min: 0, max: 1460 }),
      anchorDays: fc.integer({ min: 0, max: 27 }),
      timeZone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
      events: fc.array(rawEventArb(ops), { maxLength: 14 }),
      extraDays: fc.integer({ min: 0, max: 400 }),
    })
    .chain((s) => quantitiesArb(s.plan.blockSize).map((seats) => ({ ...s, seats })))
    .map((s) => {
      const start = dateAfter2024(s.startDay);
      let hours = s.startDay * 24 + 14; // after 00:00 of the start date in every zone used
      const events = s.events.map((raw: RawEvent) => {
        hours += raw.gapHours;
        const at = new Date(EPOCH_2024 + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
        const scale = raw.oddBlock ? 1 : s.plan.blockSize;
        const seats = Object.fromEntries(
          Object.entries(raw.seats).map(([k, v]) => [k, k === 'free' ? v : v * scale]),
        );
        switch (raw.op) {
          case 'invoice_now':
            return { at, op: raw.op };
          case 'renew':
            return { at, op: raw.op };
          case 'credit':
            return { at, op: raw.op, amount: 1 + raw.effectiveDays * 997 };
          case 'cancel':
            return {
              at,
              op: raw.op,
              effective: dateAfter2024(Math.ceil(hours / 24) + 1 + raw.effectiveDays),
            };
          default:
            return { at, op: raw.op, seats };
        }
      });
      const lastDay = Math.ceil(hours / 24);
      return {
        plan: s.plan,
        timeZone: s.timeZone,
        start,
        billingAnchor: dateAfter2024(s.startDay + s.anchorDays),
        seats: s.seats,
        events,
        until: dateAfter2024(lastDay + s.extraDays),
      };
    });
}
