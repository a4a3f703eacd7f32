import { useApiQuery } from '../api/use-api-query';
import type { RingsideClient } from '../../../shared/api/contract';

/**
 * How the console writes a moment: one style everywhere ("Wed, Dec 2, 1:00 PM", the style
 * Communications has used from the start), on this computer's clock, with the zone named
 * where times are shown so a console in another zone does not shift visits unseen.
 */

const dayTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const dayOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const dayWithYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

function valid(at: string | number | Date): Date | null {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Wed, Dec 2, 1:00 PM". */
export function dayTimeWords(at: string | number | Date): string {
  const date = valid(at);
  return date ? dayTime.format(date) : '';
}

/** "Wed, Dec 2". */
export function dayWords(at: string | number | Date): string {
  const date = valid(at);
  return date ? dayOnly.format(date) : '';
}

/** "Dec 2, 2026". */
export function dateWords(at: string | number | Date): string {
  const date = valid(at);
  return date ? dayWithYear.format(date) : '';
}

/** "1:00 PM". */
export function clockWords(at: string | number | Date): string {
  const date = valid(at);
  return date ? timeOnly.format(date) : '';
}

/** The zone this computer's clock is in (IANA name). */
export function computerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Central Time (Chicago)" for America/Chicago; the IANA name when the runtime has no words for it. */
export function timeZoneWords(zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT') return 'UTC';
  const city = zone.includes('/') ? zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ') : zone;
  try {
    const part = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value;
    if (part && part !== city) return `${part} (${city})`;
  } catch {
    // An unknown zone name: say it as it is.
  }
  return city;
}

/**
 * The sentence naming the zone times are shown in: this computer's clock, and the business's
 * zone (from the business hours in Billing) when it differs.
 */
export function timesShownInWords(businessZone: string | null, computerZone = computerTimeZone()): string {
  const here = timeZoneWords(computerZone);
  if (businessZone === null || businessZone === computerZone) return `Times are in ${here}.`;
  return `Times are in ${here}, this computer’s clock; the business is on ${timeZoneWords(businessZone)}.`;
}

/** The business's zone as set in its business hours, or null when none is set (or this console may not read it). */
export function useBusinessTimeZone(client: RingsideClient): string | null {
  const catalog = useApiQuery(client, 'billing.catalog', {});
  return catalog.data?.rateCard.businessHours?.timeZone ?? null;
}
