import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prorate, WHOLE } from './prorate.js';

describe('prorate', () => {
  it('charges 17/31 of a month for a licence added on 15 May (000)', () => {
    expect(prorate(4900n, 1, { part: 17n, whole: 31n }, 'half_up')).toBe(2687n);
  });

  it('is exact for a whole period, even beyond 2^53', () => {
    expect(prorate(10n ** 12n, 1_000_000, WHOLE, 'half_up')).toBe(10n ** 18n);
    expect(prorate(999_999_999_999n, 999_999, { part: 365n, whole: 366n }, 'half_even')).toBe(
      (999_999_999_999n * 999_999n * 365n * 2n + 366n) / (2n * 366n),
    );
  });

  it('rounds once per line: the ties follow the mode', () => {
    expect(prorate(1n, 1, { part: 1n, whole: 2n }, 'half_up')).toBe(1n);
    expect(prorate(1n, 1, { part: 1n, whole: 2n }, 'half_even')).toBe(0n);
    expect(prorate(3n, 1, { part: 1n, whole: 2n }, 'half_even')).toBe(2n);
  });

  it('never strays more than half a minor unit from the exact amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 12n),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 366 }),
        fc.integer({ min: 0, max: 366 }),
        (unit, quantity, whole, rawPart) => {
          const part = BigInt(rawPart % (whole + 1));
          const amount = prorate(unit, quantity, { part, whole: BigInt(whole) }, 'half_up');
          const error = amount * BigInt(whole) - unit * BigInt(quantity) * part;
          expect(2n * (error < 0n ? -error : error) <= BigInt(whole)).toBe(true);
        },
      ),
    );
  });
});
