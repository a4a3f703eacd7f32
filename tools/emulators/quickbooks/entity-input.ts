import { fault } from './faults';
import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';

/**
 * QuickBooks Online emulator: reading a request entity the way QBO's deserializer does —
 * unknown properties are 2010, wrong shapes are 2010, over-long strings are 2050.
 */

/** Read-only or bookkeeping fields a client may echo back on an update; QBO ignores them. */
const echoedFields = ['Id', 'SyncToken', 'sparse', 'domain', 'MetaData', 'status'];

export function rejectUnknownFields(input: JsonObject, known: readonly string[], entity: string): void {
  for (const key of Object.keys(input)) if (!known.includes(key) && !echoedFields.includes(key)) throw fault.unsupportedProperty(key, entity);
}

export function optionalString(input: JsonObject, field: string, max?: number, element = field): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw fault.malformedBody(field);
  if (max !== undefined && v.length > max) throw fault.stringTooLong(element, max, v.length);
  return v;
}

export function optionalNumber(input: JsonObject, field: string): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  // Jackson reads numeric strings into BigDecimal fields, so "95.00" is accepted.
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw fault.malformedBody(field);
  return n;
}

export function optionalBoolean(input: JsonObject, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw fault.malformedBody(field);
}

export function optionalObject(input: JsonObject, field: string): JsonObject | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) throw fault.malformedBody(field);
  return v;
}

/** `{ "value": "58", "name": … }` → "58". */
export function optionalRef(input: JsonObject, field: string): string | undefined {
  const ref = optionalObject(input, field);
  if (!ref) return undefined;
  const v: JsonValue | undefined = ref.value;
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw fault.requiredParam(`${field}.value`, field);
}

export function isEmailAddress(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}

export const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function optionalDate(input: JsonObject, field: string): string | undefined {
  const v = optionalString(input, field);
  if (v !== undefined && (!datePattern.test(v) || Number.isNaN(Date.parse(v)))) throw fault.malformedBody(`${field} (Invalid date ${v})`);
  return v;
}
