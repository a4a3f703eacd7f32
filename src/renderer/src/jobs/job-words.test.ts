import { describe, expect, it } from 'vitest';
import { confidenceWords, fieldsToCheckWords, isoOfLocalInput, jobPriceWords, jobTimeWords, localInputOf } from './job-words';

describe('how the Jobs page words things', () => {
  it('says how many fields are left to check, none when all are', () => {
    expect(fieldsToCheckWords(0)).toBeNull();
    expect(fieldsToCheckWords(1)).toBe('1 field to check');
    expect(fieldsToCheckWords(3)).toBe('3 fields to check');
  });
  it('writes a price in its currency', () => {
    expect(jobPriceWords({ priceMinor: 45000, currency: 'USD' })).toBe('$450.00');
    expect(jobPriceWords({ priceMinor: null, currency: null })).toBeNull();
  });
  it('says how sure a suggestion was', () => {
    expect(confidenceWords(0.9)).toBe('Sure');
    expect(confidenceWords(0.7)).toBe('Fairly sure');
    expect(confidenceWords(0.4)).toBe('Unsure');
  });
  it('writes a visit in the console’s one date style, the end time only when it is the same day', () => {
    const words = jobTimeWords('2026-12-08T09:00:00', '2026-12-08T12:00:00')!;
    expect(words).toMatch(/Dec 8/);
    expect(words).toMatch(/9:00/);
    expect(words).toMatch(/–12:00/);
    expect(jobTimeWords(null, null)).toBeNull();
  });
  it('a time typed on this computer goes back and forth unchanged', () => {
    const iso = isoOfLocalInput('2026-12-08T09:30')!;
    expect(localInputOf(iso)).toBe('2026-12-08T09:30');
    expect(isoOfLocalInput('')).toBeNull();
  });
});
