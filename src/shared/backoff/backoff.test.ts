import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoff delay', () => {
  it('doubles its ceiling with each failure up to the cap', () => {
    const ceilingAt = (attempt: number) => backoffDelay(attempt, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(ceilingAt)).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999]);
    expect(ceilingAt(1000)).toBe(29999);
  });

  it('draws the whole range below the ceiling (full jitter)', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(2000);
  });

  it('follows a given policy', () => {
    expect(backoffDelay(2, () => 0.5, { baseMs: 10, capMs: 25 })).toBe(12);
    expect(backoffDelay(20, () => 0.5, { baseMs: 500, capMs: 30_000 })).toBe(15_000);
  });

  it('stays below the ceiling whatever the random source returns', () => {
    expect(backoffDelay(0, () => 1)).toBeLessThan(500);
    expect(backoffDelay(0, () => -1)).toBe(0);
  });
});
