import { describe, expect, it } from 'vitest';
import { currencyExponent, isCurrencyCode } from './currency.js';
import { minorToDecimal } from './format-minor.js';

describe('currencies', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it('knows only ISO 4217 codes', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(() => currencyExponent('XYZ')).toThrow(RangeError);
  });

  it.each([
    [12345n, 2, '123.45'],
    [5n, 2, '0.05'],
    [-3794n, 2, '-37.94'],
    [1500n, 0, '1500'],
    [1n, 3, '0.001'],
    [10n ** 18n, 2, '10000000000000000.00'],
  ])('%i minor units with exponent %i read %s', (amount, exponent, text) => {
    expect(minorToDecimal(amount, exponent)).toBe(text);
  });
});
