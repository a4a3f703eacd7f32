import type { JobCard } from '../../../shared/api/jobs';
import type { JobFieldName } from '../../../shared/events/model';
import { formatMoney } from '../../../shared/units';

/** How the Jobs page writes times, prices and urgency. */

export const FIELD_LABELS: Record<JobFieldName, string> = {
  customerName: 'Customer',
  phone: 'Phone',
  address: 'Address',
  preferredTime: 'Time',
  description: 'Job',
  price: 'Price',
  urgency: 'Urgency',
  notes: 'Notes from the call',
};

export const URGENCY_LABELS = { emergency: 'Emergency', soon: 'Soon', routine: 'Routine' } as const;

/** "Tue 8 Dec, 9:00–12:00" on this computer's clock. */
export function jobTimeWords(start: string | null, end: string | null): string | null {
  if (start === null) return null;
  const from = new Date(start);
  if (Number.isNaN(from.getTime())) return null;
  const day = from.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  const time = (at: Date) => at.toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit' });
  if (end === null) return `${day}, ${time(from)}`;
  const to = new Date(end);
  if (Number.isNaN(to.getTime())) return `${day}, ${time(from)}`;
  return from.toDateString() === to.toDateString() ? `${day}, ${time(from)}–${time(to)}` : `${day}, ${time(from)} – ${to.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })}, ${time(to)}`;
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

/** How sure the suggestion was, in words beside its meter. */
export function confidenceWords(confidence: number): string {
  const percent = Math.round(confidence * 100);
  return confidence >= 0.85 ? `Sure (${percent}%)` : confidence >= 0.6 ? `Fairly sure (${percent}%)` : `Unsure (${percent}%)`;
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
