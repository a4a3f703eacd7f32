import { describe, expect, it } from 'vitest';
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
