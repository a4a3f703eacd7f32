import { dateToMs, msToDate } from './calendar';

/**
 * Business-calendar dates in words for the ledger ("Dec 31", "December"), written by the
 * fold itself so every console and the relay store the same words (no locale, no time zone:
 * a date is its UTC day, as everywhere in billing).
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_MS = 86_400_000;

/** "Dec 31". */
export function shortDay(date: string): string {
  const [, month, day] = date.split('-');
  return `${MONTHS[Number(month) - 1]!.slice(0, 3)} ${Number(day)}`;
}

/** The last day a credit expiring at 00:00 UTC on `expiresOn` can be used: the day before. */
export function lastDayBefore(expiresOn: string): string {
  return msToDate(dateToMs(expiresOn) - DAY_MS);
}

export function addDays(date: string, days: number): string {
  return msToDate(dateToMs(date) + days * DAY_MS);
}

/** A period in words: "December" for a calendar month, otherwise "Dec 15 – Jan 14" (its last day inclusive). */
export function periodWords(startsOn: string, endsOn: string): string {
  const last = lastDayBefore(endsOn);
  if (startsOn.endsWith('-01') && last.slice(0, 7) === startsOn.slice(0, 7)) return MONTHS[Number(startsOn.slice(5, 7)) - 1]!;
  const year = (date: string) => date.slice(0, 4);
  if (year(startsOn) === year(last)) return `${shortDay(startsOn)} – ${shortDay(last)}`;
  return `${shortDay(startsOn)}, ${year(startsOn)} – ${shortDay(last)}, ${year(last)}`;
}
