import type { JobCard } from '../../../shared/api/jobs';
import { JOB_FIELD_NAMES, URGENCY_NAMES } from '../../../shared/jobs/job-words';
import { formatMoney } from '../../../shared/units';
import { clockWords, dayTimeWords, dayWords } from '../time/time-words';

/** How the Jobs page writes times, prices and urgency. */

export const FIELD_LABELS = JOB_FIELD_NAMES;

export const URGENCY_LABELS = URGENCY_NAMES;

/** "Tue, Dec 8, 9:00 AM–12:00 PM" in the console's one style (time/time-words.ts), on this computer's clock. */
export function jobTimeWords(start: string | null, end: string | null): string | null {
  if (start === null) return null;
  const from = new Date(start);
  if (Number.isNaN(from.getTime())) return null;
  if (end === null) return dayTimeWords(from);
  const to = new Date(end);
  if (Number.isNaN(to.getTime())) return dayTimeWords(from);
  return from.toDateString() === to.toDateString() ? `${dayTimeWords(from)}–${clockWords(to)}` : `${dayTimeWords(from)} – ${dayTimeWords(to)}`;
}

/** The same words in two parts, the day and the hours ("Fri, Dec 4" / "12:00 PM–5:00 PM"), so a narrow card breaks the line between them only. */
export function jobTimeParts(start: string | null, end: string | null): { day: string; hours: string } | null {
  const whole = jobTimeWords(start, end);
  if (whole === null) return null;
  const from = new Date(start!);
  const to = end === null ? null : new Date(end);
  if (to !== null && !Number.isNaN(to.getTime()) && from.toDateString() !== to.toDateString()) return { day: whole, hours: '' };
  const hours = to === null || Number.isNaN(to.getTime()) ? clockWords(from) : `${clockWords(from)}–${clockWords(to)}`;
  return { day: dayWords(from), hours };
}

export function jobPriceWords(card: Pick<JobCard, 'priceMinor' | 'currency'>): string | null {
  if (card.priceMinor === null) return null;
  try {
    return formatMoney({ minor: card.priceMinor, currency: card.currency ?? 'USD' });
  } catch {
    return String(card.priceMinor / 100);
  }
}

export function fieldsToCheckWords(count: number): string | null {
  return count === 0 ? null : count === 1 ? '1 field to check' : `${count} fields to check`;
}

/** How sure the suggestion was, in words beside its meter (the number is in its tooltip). */
export function confidenceWords(confidence: number): string {
  return confidence >= 0.85 ? 'Sure' : confidence >= 0.6 ? 'Fairly sure' : 'Unsure';
}

/** A local date as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A datetime-local input's value for an ISO instant, on this computer's clock. */
export function localInputOf(iso: string | null): string {
  if (iso === null) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return `${isoDay(at)}T${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** An ISO instant with this computer's offset for a datetime-local value; null when blank. */
export function isoOfLocalInput(value: string): string | null {
  if (value.trim() === '') return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${value.length === 16 ? `${value}:00` : value}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
