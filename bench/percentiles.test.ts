import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles';

describe('benchmark percentiles', () => {
  it('takes the nearest rank, never interpolating between two measurements', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1.5, 2.5], 50)).toBe(1.5);
  });

  it('reports the worst ring as p99 when there are fewer than a hundred', () => {
    expect(percentile([3, 4, 9], 99)).toBe(9);
    expect(percentile([7], 50)).toBe(7);
  });

  it('summarizes unsorted measurements without reordering the caller’s array', () => {
    const measured = [5, 1, 4, 2, 3];
    expect(summarize(measured)).toEqual({ count: 5, min: 1, p50: 3, p95: 5, p99: 5, max: 5, mean: 3 });
    expect(measured).toEqual([5, 1, 4, 2, 3]);
  });

  it('refuses to summarize nothing or an impossible percentile', () => {
    expect(() => summarize([])).toThrow(/no values/);
    expect(() => percentile([1], 0)).toThrow(/outside/);
    expect(() => percentile([1], 101)).toThrow(/outside/);
  });
});
