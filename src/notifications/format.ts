import { currencyExponent } from '../core/money/currency.js';
import { minorToDecimal } from '../core/money/format-minor.js';

/**
 * An amount for people, in the organisation's currency: its ISO 4217 exponent (the one source
 * the engine uses too), never raw minor units: (1234567n, "USD") -> "$12,345.67",
 * (150000n, "HUF") -> "HUF 1,500.00"; exact, formatted from the decimal text, not a float.
 */
export function moneyText(amount: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return format.format(minorToDecimal(amount, exponent) as `${number}`);
}

/** A day in the organisation's time zone: "1 Dec 2026". */
export function dayText(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone }).format(instant);
}

/** An exact instant in the organisation's time zone, named: "1 Dec 2026, 00:00 (Europe/London)". */
export function instantText(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
  return `${text} (${timeZone})`;
}
