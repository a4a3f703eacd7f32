import { describe, expect, it } from 'vitest';
import { billsInCents, currencyExponent, unsupportedCurrencyWords } from './currency-exponent';

describe('currency minor-unit exponents, one table for the relay and the console', () => {
  it('UGX, RWF, XAF and XOF have no cents, KWD has three digits, USD and anything unlisted two', () => {
    expect(['UGX', 'RWF', 'XAF', 'XOF', 'KWD', 'USD', 'NGN', 'KES'].map(currencyExponent)).toEqual([0, 0, 0, 0, 3, 2, 2, 2]);
    expect(['USD', 'NGN', 'UGX', 'KWD'].map(billsInCents)).toEqual([true, true, false, false]);
  });
  it('refuses in the same plain words everywhere', () => {
    expect(unsupportedCurrencyWords('UGX')).toBe('Payments in UGX are not supported yet: Ringside bills in currencies with cents.');
  });
});
