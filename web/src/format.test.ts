import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatSpan, minorToDecimal } from './format';

describe('console formatting', () => {
  it('turns minor units into exact decimals by the currency exponent', () => {
    expect(minorToDecimal(2687, 'USD')).toBe('26.87');
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(minorToDecimal(1234, 'KWD')).toBe('1.234');
    expect(minorToDecimal(9007199254740991, 'USD')).toBe('90071992547409.91');
  });

  it('formats money in the currency and dates in the time zone', () => {
    expect(formatMoney(2687, 'USD')).toBe('$26.87');
    expect(formatMoney(-379400, 'EUR')).toBe('-€3,794.00');
    expect(formatDate('2026-06-01T03:00:00Z', 'America/New_York')).toBe('31 May 2026');
    expect(formatSpan('2026-05-01T04:00:00Z', '2026-06-01T04:00:00Z', 'America/New_York')).toBe(
      '1 May 2026 - 31 May 2026',
    );
  });
});
