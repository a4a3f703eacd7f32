import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { toE164 } from './phone';

describe('toE164', () => {
  it('answers a number in E.164 the same every time it sees it', () => {
    for (const raw of ['+16175550100', '+442079460958', '+1617555', '+10000000000', '+999']) {
      const first = toE164(raw);
      expect(toE164(raw)).toBe(first);
      expect(toE164(raw, 'GB')).toBe(first);
    }
    expect(toE164('+16175550100')).toBe('+16175550100');
    expect(toE164('+1617555')).toBeNull();
  });

  it('keeps answering correctly after seeing more numbers than it remembers', () => {
    const numbers = Array.from({ length: 3000 }, (_, i) => `+1617555${String(i).padStart(4, '0')}`);
    for (const raw of numbers) expect(toE164(raw)).toBe(raw);
    for (const raw of numbers.slice(0, 10)) expect(toE164(raw)).toBe(raw);
  });

  it('still reads national and spaced formats in the default region', () => {
    expect(toE164('(617) 555-0100')).toBe('+16175550100');
    expect(toE164(' +1 617 555 0100 ')).toBe('+16175550100');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('16175550100')).toBe('+16175550100');
    expect(toE164('')).toBeNull();
    expect(toE164(null)).toBeNull();
  });
});

describe('toE164 of North American numbers already in E.164', () => {
  it('answers every area code exactly as libphonenumber does', () => {
    for (let areaCode = 200; areaCode <= 999; areaCode++) {
      for (const rest of ['0000000', '5550100', String((areaCode * 7919) % 10_000_000).padStart(7, '0'), '9999999']) {
        const raw = `+1${areaCode}${rest}`;
        const parsed = parsePhoneNumberFromString(raw, 'US');
        expect(toE164(raw)).toBe(parsed && parsed.isPossible() ? parsed.number : null);
      }
    }
    // Not ten digits, or an area code starting 0 or 1: still read by the library.
    expect(toE164('+1617555010')).toBeNull();
    expect(toE164('+161755501000')).toBeNull();
    const leadingZero = parsePhoneNumberFromString('+10175550100', 'US');
    expect(toE164('+10175550100')).toBe(leadingZero && leadingZero.isPossible() ? leadingZero.number : null);
  });
});
