import { describe, expect, it } from 'vitest';
import { calendarDay } from './calendar-day';
import { openPhoneImportRequestSchema } from './openphone-import';

describe('the days an admin asks the relay about', () => {
  it('a real day passes, including 29 February of a leap year', () => {
    expect(calendarDay.safeParse('2026-01-31').success).toBe(true);
    expect(calendarDay.safeParse('2028-02-29').success).toBe(true);
  });

  it('a month 13, a 45th day or 29 February of a common year is refused', () => {
    for (const day of ['2026-13-01', '2026-01-45', '2026-02-29', '0000-00-00']) expect(calendarDay.safeParse(day).success).toBe(false);
  });

  it('an import asked with a misspelled field is refused rather than started over everything', () => {
    expect(openPhoneImportRequestSchema.safeParse({ action: 'start', from: '2026-03-01', to: '2026-03-31' }).success).toBe(false);
    expect(openPhoneImportRequestSchema.safeParse({ action: 'start', fromDate: '2026-13-01' }).success).toBe(false);
    expect(openPhoneImportRequestSchema.safeParse({ action: 'start', fromDate: '2026-03-01', toDate: '2026-03-31' }).success).toBe(true);
  });
});
