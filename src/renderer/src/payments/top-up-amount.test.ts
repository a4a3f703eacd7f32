import { describe, expect, it } from 'vitest';
import { parseTopUpAmount } from './top-up-amount';

const rules = { currency: 'USD', maxMinor: 1_000_000 };

describe('the amount typed in the Top up dialog', () => {
  it('reads amounts as people type them, exactly', () => {
    expect(parseTopUpAmount('50', rules)).toEqual({ ok: true, minor: 5000 });
    expect(parseTopUpAmount('$ 12.5', rules)).toEqual({ ok: true, minor: 1250 });
    expect(parseTopUpAmount('1,000.00', rules)).toEqual({ ok: true, minor: 100_000 });
  });

  it('says in plain words what is wrong', () => {
    expect(parseTopUpAmount('', rules)).toEqual({ ok: false, error: 'Type an amount, or pick one of the amounts above.' });
    expect(parseTopUpAmount('0', rules)).toEqual({ ok: false, error: 'The amount must be more than zero.' });
    expect(parseTopUpAmount('-5', rules)).toEqual({ ok: false, error: 'The amount must be more than zero.' });
    expect(parseTopUpAmount('fifty', rules)).toEqual({ ok: false, error: 'The amount must be an amount like 12.50.' });
    expect(parseTopUpAmount('12.345', rules)).toEqual({ ok: false, error: 'The amount can have at most 2 digits after the point.' });
    expect(parseTopUpAmount('20000', rules)).toEqual({ ok: false, error: 'A top-up can be at most $10,000.00.' });
  });
});
