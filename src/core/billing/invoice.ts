import type { Moment } from '../calendar/index.js';

export type LineKind = 'recurring' | 'proration' | 'charge' | 'credit';

/** Why a line exists: the billing period that fell due, or the event that caused it. */
export type LineCause = 'period' | 'change' | 'renewal' | 'cancellation' | 'renewal_adjustment';

export interface InvoiceLine {
  readonly kind: LineKind;
  readonly licenceType: string;
  readonly quantity: number;
  readonly from: Moment;
  readonly to: Moment;
  /** Minor units; negative for credits. */
  readonly amount: bigint;
  readonly description: string;
  readonly cause: LineCause;
  /** Index of the scenario event behind the line, when an event caused it. */
  readonly event: number | null;
}

export interface Invoice {
  readonly number: number;
  readonly issuedAt: Moment;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly subtotal: bigint;
  readonly creditApplied: bigint;
  readonly total: bigint;
}

export interface Settlement {
  readonly subtotal: bigint;
  readonly creditApplied: bigint;
  readonly total: bigint;
  readonly creditBalance: bigint;
}

/**
 * Totals of an invoice against the account's credit balance: credit pays a positive
 * subtotal as far as it goes; a negative subtotal becomes credit. No amount is lost:
 * the sum of totals minus the closing balance equals the sum of subtotals.
 */
export function settle(lines: readonly InvoiceLine[], creditBalance: bigint): Settlement {
  let subtotal = 0n;
  for (const line of lines) subtotal += line.amount;
  if (subtotal < 0n) {
    return { subtotal, creditApplied: 0n, total: 0n, creditBalance: creditBalance - subtotal };
  }
  const creditApplied = creditBalance < subtotal ? creditBalance : subtotal;
  return {
    subtotal,
    creditApplied,
    total: subtotal - creditApplied,
    creditBalance: creditBalance - creditApplied,
  };
}
