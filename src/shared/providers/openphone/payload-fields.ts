import type { MediaItem } from '../../events/model';
import { toE164, type E164 } from '../../phone';

/**
 * Defensive readers for OpenPhone payload fields. Every one returns null (or an empty
 * list) on a shape it does not expect instead of throwing: new-generation field names
 * are unconfirmed (spec §1.10), and legacy payloads differ between app- and API-created
 * webhooks (§1.4, §1.5).
 */

export type Json = Record<string, unknown>;

export const MAX_ID_LENGTH = 200;
const PREFIX = 'openphone:';

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `openphone:<id>` for a provider id that fits the event model's 200 characters, else null. */
export function namespacedId(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value.length <= MAX_ID_LENGTH - PREFIX.length ? PREFIX + value : null;
}

/** A non-empty string of at most `max` characters, else null. */
export function text(value: unknown, max = MAX_ID_LENGTH): string | null {
  return typeof value === 'string' && value !== '' && value.length <= max ? value : null;
}

/** ISO-8601 instant with an offset, re-emitted in canonical UTC form; null otherwise. */
export function toInstant(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function readDirection(value: unknown): 'incoming' | 'outgoing' | null {
  return value === 'incoming' || value === 'outgoing' ? value : null;
}

/** A number written as a string or as a `{phoneNumber}` object (the new generation's REST participants). */
export function phoneNumberOf(value: unknown): E164 | null {
  if (typeof value === 'string') return toE164(value);
  if (isObject(value) && typeof value.phoneNumber === 'string') return toE164(value.phoneNumber);
  return null;
}

/** Every usable number in a field that may be one number, a comma-joined list (group texts, §1.5) or an array. */
export function phoneNumbersIn(field: unknown): E164[] {
  const items: unknown[] = typeof field === 'string' ? field.split(',') : Array.isArray(field) ? field : [field];
  const numbers: E164[] = [];
  for (const item of items) {
    const number = phoneNumberOf(item);
    if (number !== null && !numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

export function lineOfPhoneNumberId(phoneNumberId: unknown, phoneNumberIds: Readonly<Record<string, string>>): E164 | null {
  if (typeof phoneNumberId !== 'string' || !Object.hasOwn(phoneNumberIds, phoneNumberId)) return null;
  return toE164(phoneNumberIds[phoneNumberId]);
}

/** A non-negative finite number, else null. */
export function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * A media item from `{url, type, duration}` (legacy, §1.4) or `{recordingUrl, …}` (REST
 * voicemail, §1.9), named `<provider>:<owner id>:<kind>:<index>` so a later delivery of
 * the same media (with a fresh URL) names the same item. Null without a usable URL.
 */
export function readMediaItem(value: unknown, ownerId: string, kind: 'recording' | 'voicemail' | 'media', index: number): MediaItem | null {
  if (!isObject(value)) return null;
  const url = text(value.url, 4000) ?? text(value.recordingUrl, 4000) ?? text(value.mediaUrl, 4000);
  if (url === null) return null;
  return {
    mediaId: `${ownerId}:${kind}:${index}`,
    url,
    contentType: text(value.type) ?? text(value.contentType),
    durationSeconds: seconds(value.duration),
  };
}

/** Each usable item of a media array, indexed by its place in the array so ids stay stable. */
export function readMediaList(value: unknown, ownerId: string, kind: 'recording' | 'media', max: number): MediaItem[] {
  if (!Array.isArray(value)) return [];
  const items: MediaItem[] = [];
  value.forEach((entry: unknown, index) => {
    const item = readMediaItem(entry, ownerId, kind, index);
    if (item !== null && items.length < max) items.push(item);
  });
  return items;
}
