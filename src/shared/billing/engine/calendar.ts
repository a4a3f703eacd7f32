import { DateTime } from 'luxon';

/**
 * The business calendar of billing: dates are `YYYY-MM-DD`, and a date begins at
 * 00:00 UTC (docs/billing.md "Periods"). Periods step by whole months from an anchor
 * date, on the same day of the month, clamped to the month's last day (a Jan 31
 * anchor gives Feb 28, then Mar 31).
 */

const DAY_MS = 86_400_000;

export function dateToMs(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`${date} is not a date like 2026-01-31`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/**
 * When a subscription's start date has begun: 00:00 UTC, or earlier when the plan's
 * business hours are in a zone ahead of UTC (a business in Auckland starting "today" is
 * served from its own midnight, not hours later at UTC's).
 */
export function startDateBeginsMs(date: string, timeZone: string | null): number {
  const utc = dateToMs(date);
  if (timeZone === null) return utc;
  const key = `${date} ${timeZone}`;
  let begins = localMidnights.get(key);
  if (begins === undefined) {
    const local = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
    begins = local.isValid ? Math.min(utc, local.toMillis()) : utc;
    if (localMidnights.size >= 10_000) localMidnights.clear();
    localMidnights.set(key, begins);
  }
  return begins;
}

// Time-zone arithmetic is costly and called for every call rated; a date's midnight in a zone never changes.
const localMidnights = new Map<string, number>();

export function msToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `months` months after `anchor`, on the anchor's day clamped to the month's length. */
export function addMonths(anchor: string, months: number): string {
  const start = new Date(dateToMs(anchor));
  const total = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return msToDate(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay)));
}

export function monthsPerPeriod(period: 'monthly' | 'annual'): number {
  return period === 'monthly' ? 1 : 12;
}

export interface DatePeriod {
  startsOn: string;
  /** Exclusive. */
  endsOn: string;
}

/** Period number `index` of a subscription anchored on `anchor`. */
export function nthPeriod(anchor: string, period: 'monthly' | 'annual', index: number): DatePeriod {
  const step = monthsPerPeriod(period);
  return { startsOn: addMonths(anchor, index * step), endsOn: addMonths(anchor, (index + 1) * step) };
}

/** Which period of a subscription anchored on `anchor` contains the instant `ms`; null before the anchor. */
export function periodIndexAt(anchor: string, period: 'monthly' | 'annual', ms: number): number | null {
  if (ms < dateToMs(anchor)) return null;
  const step = monthsPerPeriod(period);
  const start = new Date(dateToMs(anchor));
  const at = new Date(ms);
  let index = Math.max(0, Math.floor(((at.getUTCFullYear() - start.getUTCFullYear()) * 12 + at.getUTCMonth() - start.getUTCMonth()) / step));
  while (index > 0 && dateToMs(nthPeriod(anchor, period, index).startsOn) > ms) index -= 1;
  while (dateToMs(nthPeriod(anchor, period, index).endsOn) <= ms) index += 1;
  return index;
}

/** The invoicing month containing `ms` that starts on `dayOfMonth` (1–28). */
export function invoicingMonthAt(dayOfMonth: number, ms: number): DatePeriod {
  const at = new Date(ms);
  let year = at.getUTCFullYear();
  let month = at.getUTCMonth();
  if (at.getUTCDate() < dayOfMonth) month -= 1;
  if (month < 0) {
    month = 11;
    year -= 1;
  }
  const startsOn = msToDate(Date.UTC(year, month, dayOfMonth));
  return { startsOn, endsOn: addMonths(startsOn, 1) };
}

export function startOfDayMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
