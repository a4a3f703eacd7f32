import { z } from 'zod';

/**
 * A day of the calendar written as 2026-01-31, for the days of an OpenPhone import. The
 * pattern alone lets 2026-13-45 through, into the date arithmetic as a day that does not exist.
 */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
  .refine((day) => {
    const at = new Date(`${day}T00:00:00.000Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
  }, 'must be a day of the calendar');
