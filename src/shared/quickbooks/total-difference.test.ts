import { describe, expect, it } from 'vitest';
import { totalDifferenceText } from './total-difference';

describe('the words for a QuickBooks total that is not Ringside\'s', () => {
  it('says how much sales tax QuickBooks added, and both totals', () => {
    expect(totalDifferenceText(9500, 9913, 'USD', true)).toBe("QuickBooks added $4.13 of sales tax: its total is $99.13, Ringside's $95.00");
  });
  it('says how much less QuickBooks charged, in the company currency', () => {
    expect(totalDifferenceText(11400, 11399, 'GBP')).toBe("QuickBooks charged £0.01 less: its total is £113.99, Ringside's £114.00");
  });
  it('says nothing when the totals match', () => {
    expect(totalDifferenceText(9500, 9500, 'USD')).toBeNull();
  });
});
