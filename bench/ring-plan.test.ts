import { describe, expect, it } from 'vitest';
import { toE164 } from '../src/shared/phone';
import { customerPhone, unknownPhone } from './console-seed';
import { formatUsNumber, planRings, US_NUMBER_FORMATS } from './ring-plan';

describe('the callers of the ring-to-card benchmark', () => {
  it('writes a number in every format the console must still match', () => {
    for (const format of US_NUMBER_FORMATS) expect(toE164(formatUsNumber('+16172000037', format))).toBe('+16172000037');
    expect(formatUsNumber('+16172000037', 'national')).toBe('(617) 200-0037');
  });

  it('gives seeded customers and unknown callers distinct, valid numbers', () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      for (const phone of [customerPhone(i, 0), customerPhone(i, 1), unknownPhone(i)]) {
        expect(toE164(phone)).toBe(phone);
        numbers.add(phone);
      }
    }
    expect(numbers.size).toBe(15_000);
  });

  it('rings mostly known customers, some unknown callers, the same plan for the same seed', () => {
    const rings = planRings(1_000, 100_000, 7);
    const known = rings.filter((r) => r.known).length;
    expect(known).toBeGreaterThan(700);
    expect(known).toBeLessThan(900);
    expect(new Set(rings.map((r) => r.from)).size).toBeGreaterThan(900);
    for (const ring of rings) expect(toE164(ring.from)).toBe(ring.e164);
    expect(planRings(1_000, 100_000, 7)).toEqual(rings);
  });
});
