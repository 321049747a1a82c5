import { divideRounded, type RoundingMode } from './rounding.js';

/** A part of a whole, both exact integers (days or milliseconds): the fraction of a cycle. */
export interface Fraction {
  readonly part: bigint;
  readonly whole: bigint;
}

export const WHOLE: Fraction = { part: 1n, whole: 1n };

/** unitAmount x quantity, exactly: the price of whole periods. */
export function amountOf(unitAmount: bigint, quantity: number): bigint {
  return unitAmount * BigInt(quantity);
}

/**
 * unitAmount x quantity x fraction, computed exactly and rounded once. This is the only
 * place an invoice line's amount is rounded.
 */
export function prorate(
  unitAmount: bigint,
  quantity: number,
  fraction: Fraction,
  mode: RoundingMode,
): bigint {
  const exact = amountOf(unitAmount, quantity);
  if (fraction.part === fraction.whole) return exact;
  return divideRounded(exact * fraction.part, fraction.whole, mode);
}
