/** Money and dates for people: the organisation's currency and time zone, never floats. */

/**
 * An amount in minor units as an exact decimal string, by the currency's exponent as the
 * server gives it (ISO 4217, the engine's own: never the browser's guess): 12345 -> "123.45".
 */
export function minorToDecimal(amount: number, exponent: number): string {
  const negative = amount < 0;
  const text = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = text.slice(0, text.length - exponent);
  const fraction = text.slice(text.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Money for people: the currency's symbol or code, and exactly `exponent` decimals. */
export function formatMoney(
  amount: number,
  currency: string,
  exponent: number,
  locale = 'en-US',
): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return format.format(minorToDecimal(amount, exponent) as `${number}`);
}

export function formatDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(instant));
}

export function formatDateTime(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** "1 May - 31 May 2026" for the half-open span [from, to). */
export function formatSpan(from: string, to: string, timeZone: string): string {
  const last = new Date(new Date(to).getTime() - 1).toISOString();
  return `${formatDate(from, timeZone)} - ${formatDate(last, timeZone)}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
