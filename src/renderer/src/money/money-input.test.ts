import { describe, expect, it } from 'vitest';
import { formatMoneyInput, parseMoneyInput } from './money-input';
import { parseScaledDecimal } from '../forms/scaled-decimal';

describe('typing an amount of money', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.29', 29],
    ['0.1', 10],
    ['.05', 5],
    ['3.', 300],
    ['$1,234.56', 123456],
    ['  7.00  ', 700],
    ['0', 0],
    ['12.500', 1250],
    ['90071992547409.91', 9007199254740991],
  ])('"%s" is %i minor units, exactly', (text, minor) => {
    expect(parseMoneyInput(text)).toEqual({ ok: true, value: minor });
  });

  it.each([
    ['', 'must be an amount like 12.50'],
    ['abc', 'must be an amount like 12.50'],
    ['1.234', 'at most 2 digits after the point'],
    ['1e3', 'must be an amount like 12.50'],
    ['-5', 'must not be negative'],
    ['1.2.3', 'must be an amount like 12.50'],
    ['99999999999999999', 'is too large'],
  ])('"%s" is refused: %s', (text, error) => {
    expect(parseMoneyInput(text)).toEqual({ ok: false, error });
  });

  it('a debit may be negative where the form allows it', () => {
    expect(parseMoneyInput('-$5.25', { allowNegative: true })).toEqual({ ok: true, value: -525 });
  });

  it('every cent amount survives a round trip through the input text', () => {
    for (const minor of [0, 1, 9, 10, 99, 100, 101, 29, 1999, 123456789]) {
      expect(parseMoneyInput(formatMoneyInput(minor))).toEqual({ ok: true, value: minor });
    }
    expect(formatMoneyInput(5)).toBe('0.05');
    expect(formatMoneyInput(-525)).toBe('-5.25');
  });
});

describe('other exact decimals', () => {
  it('a multiplier of 1.5 is 1500 permille, a tax of 8.25 % is 825 basis points', () => {
    expect(parseScaledDecimal('1.5', 3)).toEqual({ ok: true, value: 1500 });
    expect(parseScaledDecimal('8.25', 2)).toEqual({ ok: true, value: 825 });
    expect(parseScaledDecimal('2.5', 0)).toEqual({ ok: false, error: 'must be a whole number' });
  });
});
