import { describe, expect, it } from 'vitest';
import { durationTicks, formatAxisDuration } from './duration-axis';

describe('a time axis in words', () => {
  it('labels minutes under an hour and hours with minutes above, never fractions of an hour', () => {
    expect(formatAxisDuration(0)).toBe('0');
    expect(formatAxisDuration(30)).toBe('1 min');
    expect(formatAxisDuration(45 * 60)).toBe('45 min');
    expect(formatAxisDuration(3600)).toBe('1 h');
    expect(formatAxisDuration(80 * 60)).toBe('1 h 20 min');
    expect(formatAxisDuration(12 * 3600)).toBe('12 h');
  });

  it('puts ticks on round durations that reach past the largest value', () => {
    // The reviewer's case: top customers at 4 min each (0.067 h).
    expect(durationTicks(240)).toEqual([0, 60, 120, 180, 240]);
    expect(durationTicks(241)).toEqual([0, 120, 240, 360]);
    expect(durationTicks(31 * 60)).toEqual([0, 600, 1200, 1800, 2400]);
    expect(durationTicks(12 * 3600)).toEqual([0, 3 * 3600, 6 * 3600, 9 * 3600, 12 * 3600]);
    expect(durationTicks(50 * 3600)).toEqual([0, 24 * 3600, 48 * 3600, 72 * 3600]);
  });

  it('still draws a one-minute axis when nothing was billed', () => {
    expect(durationTicks(0)).toEqual([0, 60]);
  });

  it('every tick label is whole minutes or hours', () => {
    for (const max of [5, 59, 61, 599, 3599, 3601, 5 * 3600 + 7, 100 * 3600, 2000 * 3600]) {
      const ticks = durationTicks(max);
      expect(ticks.at(-1)!, String(max)).toBeGreaterThanOrEqual(max);
      expect(ticks.length, String(max)).toBeLessThanOrEqual(5);
      for (const tick of ticks) expect(formatAxisDuration(tick)).toMatch(/^(0|\d+ min|\d+ h( \d+ min)?)$/);
    }
  });
});
