export type RoundingMode = 'half_up' | 'half_even';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half_up', 'half_even'];

/**
 * numerator / denominator rounded to an integer. `half_up` sends ties away from zero,
 * `half_even` to the even neighbour. Negative values round on their absolute value, so a
 * credit is the exact mirror of the charge it reverses.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  if (numerator < 0n) return -divideRounded(-numerator, denominator, mode);
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder < denominator) return quotient;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (mode === 'half_up') return quotient + 1n;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}
