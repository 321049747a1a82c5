import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded } from './rounding.js';

describe('divideRounded', () => {
  it.each([
    // numerator, denominator, half_up, half_even
    [5n, 2n, 3n, 2n],
    [7n, 2n, 4n, 4n],
    [15n, 10n, 2n, 2n],
    [25n, 10n, 3n, 2n],
    [24n, 10n, 2n, 2n],
    [26n, 10n, 3n, 3n],
    [0n, 7n, 0n, 0n],
    [-5n, 2n, -3n, -2n],
    [-25n, 10n, -3n, -2n],
    [-24n, 10n, -2n, -2n],
    [83300n, 31n, 2687n, 2687n],
  ])('%i / %i rounds to %i (half_up) and %i (half_even)', (n, d, up, even) => {
    expect(divideRounded(n, d, 'half_up')).toBe(up);
    expect(divideRounded(n, d, 'half_even')).toBe(even);
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => divideRounded(1n, 0n, 'half_up')).toThrow(RangeError);
  });

  it('is within half a unit of the exact quotient, and mirrors negatives', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.bigInt(1n, 10n ** 15n), (n, d) => {
        for (const mode of ['half_up', 'half_even'] as const) {
          const q = divideRounded(n, d, mode);
          const error = q * d - n;
          expect(2n * (error < 0n ? -error : error) <= d).toBe(true);
          expect(divideRounded(-n, d, mode)).toBe(-q);
        }
      }),
    );
  });
});
