import { describe, expect, it } from 'vitest';
import { formatAge } from './relative-age';

describe('how long ago the last event was', () => {
  const now = Date.parse('2026-03-02T15:00:00Z');
  it.each([
    ['2026-03-02T14:59:30Z', 'just now'],
    ['2026-03-02T14:59:00Z', '1 min ago'],
    ['2026-03-02T14:12:00Z', '48 min ago'],
    ['2026-03-02T12:00:00Z', '3 h ago'],
    ['2026-02-25T15:00:00Z', '5 d ago'],
    ['2026-03-02T15:00:05Z', 'just now'],
  ])('%s reads as "%s"', (instant, expected) => {
    expect(formatAge(instant, now)).toBe(expected);
  });
});
