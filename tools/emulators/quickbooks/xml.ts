import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';

/**
 * QuickBooks Online emulator: the XML QBO answers with when the request does not ask for JSON
 * (spec §3), and the XML faults it sometimes sends regardless (§7.1-3). Lower-case scalar keys
 * (`domain`, `sparse`, `code`, `type`, `startPosition`, `bId`…) are attributes, as in Intuit's schema;
 * a reference's `value` is its text.
 */

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function isAttribute(key: string, value: JsonValue): boolean {
  return /^[a-z]/.test(key) && key !== 'value' && value !== null && typeof value !== 'object';
}

function element(name: string, value: JsonValue): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (!isJsonObject(value)) return value === null ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  const attrs = Object.entries(value)
    .filter(([k, v]) => isAttribute(k, v))
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const text = 'value' in value && typeof value.value !== 'object' ? escapeXml(String(value.value)) : '';
  const children = Object.entries(value)
    .filter(([k, v]) => !isAttribute(k, v) && k !== 'value')
    .map(([k, v]) => element(k, v))
    .join('');
  return `<${name}${attrs}>${text}${children}</${name}>`;
}

/** `<IntuitResponse xmlns=… time=…>` around every top-level key but `time`. */
export function intuitResponseXml(body: JsonObject): string {
  const time = typeof body.time === 'string' ? ` time="${escapeXml(body.time)}"` : '';
  const inner = Object.entries(body)
    .filter(([k]) => k !== 'time')
    .map(([k, v]) => element(k, v))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="http://schema.intuit.com/finance/v3"${time}>${inner}</IntuitResponse>`;
}
