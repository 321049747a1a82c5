import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatSpan, minorToDecimal } from './format';

describe('console formatting', () => {
  it('turns minor units into exact decimals by the currency exponent', () => {
    expect(minorToDecimal(2687, 2)).toBe('26.87');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1500, 0)).toBe('1500');
    expect(minorToDecimal(1234, 3)).toBe('1.234');
    expect(minorToDecimal(9007199254740991, 2)).toBe('90071992547409.91');
  });

  it('formats money in the currency and dates in the time zone', () => {
    expect(formatMoney(2687, 'USD', 2)).toBe('$26.87');
    expect(formatMoney(-379400, 'EUR', 2)).toBe('-€3,794.00');
    // ISO 4217 gives HUF, IDR, COP two decimals where Intl gives none: the server's exponent
    // is the one used (12: the console showed these 100 times too large).
    expect(formatMoney(150000, 'HUF', 2)).toBe('HUF\u00a01,500.00');
    expect(formatMoney(150000, 'IDR', 2)).toBe('IDR\u00a01,500.00');
    expect(formatMoney(1500, 'JPY', 0)).toBe('¥1,500');
    expect(formatDate('2026-06-01T03:00:00Z', 'America/New_York')).toBe('31 May 2026');
    expect(formatSpan('2026-05-01T04:00:00Z', '2026-06-01T04:00:00Z', 'America/New_York')).toBe(
      '1 May 2026 - 31 May 2026',
    );
  });
});
