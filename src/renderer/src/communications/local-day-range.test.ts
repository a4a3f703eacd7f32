import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDayRange } from './local-day-range';

describe('a date range picked by a receptionist', () => {
  // Node reads TZ again whenever it changes, so each test picks the receptionist's zone.
  afterEach(() => vi.unstubAllEnvs());

  it('means their own days: in New York, Dec 1 runs 05:00Z to 05:00Z the next day', () => {
    vi.stubEnv('TZ', 'America/New_York');
    expect(localDayRange('2026-12-01', '2026-12-01')).toEqual({ from: '2026-12-01T05:00:00.000Z', to: '2026-12-02T05:00:00.000Z' });
  });

  it('a day with the clock change is still that whole day, and an empty end is no bound', () => {
    vi.stubEnv('TZ', 'America/New_York');
    expect(localDayRange('2026-03-08', '2026-03-08')).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    expect(localDayRange('2026-03-08', '')).toEqual({ from: '2026-03-08T05:00:00.000Z' });
    expect(localDayRange('', '')).toEqual({});
  });
});
