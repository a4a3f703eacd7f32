import { describe, expect, it } from 'vitest';
import { dayRange, instantOf, isLocalDate, isTimeZone, localParts } from '../../../../src/providers/openphone/reconciliation/business-time';
import { dailyRunDue } from '../../../../src/providers/openphone/reconciliation/daily-schedule';

const at = (iso: string): number => Date.parse(iso);
const NY = 'America/New_York';

describe('business days in the business time zone', () => {
  it('a New York day starts at its midnight: 05:00 UTC in winter, 04:00 in summer', () => {
    expect(dayRange('2026-12-01', NY)).toEqual({ startMs: at('2026-12-01T05:00:00Z'), endMs: at('2026-12-02T05:00:00Z') });
    expect(dayRange('2026-07-01', NY)).toEqual({ startMs: at('2026-07-01T04:00:00Z'), endMs: at('2026-07-02T04:00:00Z') });
  });

  it('the day clocks go forward lasts 23 hours and the day they go back 25', () => {
    const spring = dayRange('2026-03-08', NY);
    const autumn = dayRange('2026-11-01', NY);
    expect((spring.endMs - spring.startMs) / 3_600_000).toBe(23);
    expect((autumn.endMs - autumn.startMs) / 3_600_000).toBe(25);
  });

  it('02:00 local is an instant, and an instant reads back as its local day and minute', () => {
    expect(instantOf('2026-12-01', 120, NY)).toBe(at('2026-12-01T07:00:00Z'));
    expect(localParts(at('2026-12-01T04:59:00Z'), NY)).toEqual({ date: '2026-11-30', minutes: 23 * 60 + 59 });
    expect(localParts(at('2026-12-01T04:59:00Z'), 'UTC')).toEqual({ date: '2026-12-01', minutes: 4 * 60 + 59 });
  });

  it('knows zone names and calendar dates', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
  });
});

describe('the daily run', () => {
  const input = { timeZone: NY, atMinutes: 120 };

  it('is due at 02:00 local for yesterday, and not again once done', () => {
    expect(dailyRunDue({ ...input, nowMs: at('2026-12-01T06:59:00Z'), lastDailyDate: '2026-11-29' })).toBeNull();
    expect(dailyRunDue({ ...input, nowMs: at('2026-12-01T07:00:00Z'), lastDailyDate: '2026-11-29' })).toBe('2026-11-30');
    expect(dailyRunDue({ ...input, nowMs: at('2026-12-01T15:00:00Z'), lastDailyDate: '2026-11-30' })).toBeNull();
  });

  it('a relay that was off at 02:00 runs it when it is back later that day', () => {
    expect(dailyRunDue({ ...input, nowMs: at('2026-12-01T20:00:00Z'), lastDailyDate: '2026-11-20' })).toBe('2026-11-30');
  });
});
