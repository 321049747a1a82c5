export { currencyExponent, isCurrencyCode } from './currency.js';
export { minorToDecimal } from './format-minor.js';
export { amountOf, prorate, WHOLE, type Fraction } from './prorate.js';
export { divideRounded, ROUNDING_MODES, type RoundingMode } from './rounding.js';
