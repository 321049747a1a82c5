import { amountOf } from '../money/index.js';
import type { Plan } from '../plans/index.js';

/** The most licences of one type a subscription may hold. */
export const MAX_SEATS = 1_000_000;
/**
 * The most one billing period of a subscription may cost, in minor units: 10^15, so every
 * line, invoice and balance stays far inside PostgreSQL's bigint and exact in a JSON number.
 */
export const MAX_PERIOD_AMOUNT = 10n ** 15n;

export interface LimitViolation {
  readonly code: 'quantity_limit' | 'amount_limit';
  readonly field: string;
  readonly message: string;
}

/**
 * Whether a subscription may hold these quantities on this plan: none above MAX_SEATS, and
 * one period of them no dearer than MAX_PERIOD_AMOUNT. Checked before anything is recorded,
 * so no invoice derived later can overflow what the store keeps.
 */
export function checkLimits(
  plan: Plan,
  seats: ReadonlyMap<string, number>,
  field = 'seats',
): LimitViolation | null {
  let period = 0n;
  for (const type of plan.licenceTypes) {
    const quantity = seats.get(type.key) ?? 0;
    if (quantity > MAX_SEATS) {
      return {
        code: 'quantity_limit',
        field: `${field}.${type.key}`,
        message: `At most ${MAX_SEATS} ${type.key} licences: this would make ${quantity}`,
      };
    }
    if (!type.unlimited) period += amountOf(BigInt(type.unitAmount), quantity);
  }
  if (period > MAX_PERIOD_AMOUNT) {
    return {
      code: 'amount_limit',
      field,
      message: `One period of these licences would cost ${period} minor units, above the limit of ${MAX_PERIOD_AMOUNT}`,
    };
  }
  return null;
}
