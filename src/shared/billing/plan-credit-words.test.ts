import { describe, expect, it } from 'vitest';
import { planCreditWords } from './plan-credit-words';

describe('the plan credit on the wallet line', () => {
  it('says how much of the balance is plan credit and the last day it can be used', () => {
    expect(planCreditWords({ amountMinor: 5_000, lastDay: '2026-12-31', expiringMinor: 5_000 }, 'USD')).toBe('includes $50.00 plan credit, expires Dec 31');
  });

  it('when credits of two periods overlap, says how much of it expires first', () => {
    expect(planCreditWords({ amountMinor: 8_000, lastDay: '2027-01-14', expiringMinor: 3_000 }, 'USD')).toBe('includes $80.00 plan credit, $30.00 of it expires Jan 14');
  });
});
