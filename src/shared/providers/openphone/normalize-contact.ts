import { toE164, type E164 } from '../../phone';
import type { Delivery, Derived } from './delivery';
import { isObject, namespacedId, text, type Json } from './payload-fields';

/**
 * `contact.updated` (created or updated) and `contact.deleted` (with its last snapshot)
 * → `contact.changed` (§1.5). The contact's shape is loosely specified: names at the top
 * or under `defaultFields` (as REST has them), and `fields` either an object of label →
 * value(s) (`{"Phone": ["+1…"]}`) or an array of `{name, type, value}`; every phone- or
 * email-like entry is read from any of them. A contact belongs to the workspace, not a
 * line, so it goes to every line the relay knows (the mapped phoneNumberIds).
 */
export function normalizeContact(delivery: Delivery): Derived | null {
  const { resource, ctx } = delivery;
  const contactId = namespacedId(resource.id);
  if (contactId === null) return null;
  const defaults = isObject(resource.defaultFields) ? resource.defaultFields : {};
  const first = text(resource.firstName, 300) ?? text(defaults.firstName, 300);
  const last = text(resource.lastName, 300) ?? text(defaults.lastName, 300);
  const name = [first, last].filter((part) => part !== null).join(' ') || text(resource.name, 300);
  const entries = [...labelledEntries(resource.fields), ...labelledEntries(defaults.phoneNumbers, 'phone'), ...labelledEntries(defaults.emails, 'email'), ...labelledEntries(resource.phoneNumbers, 'phone'), ...labelledEntries(resource.emails, 'email')];

  const phones = new Set<E164>();
  const emails = new Set<string>();
  for (const { label, value } of entries) {
    if (/e-?mail/i.test(label) || (value.includes('@') && !/phone/i.test(label))) {
      if (value.length <= 300) emails.add(value);
    } else if (/phone|mobile|cell|tel|fax|work|home|main/i.test(label)) {
      const number = toE164(value);
      if (number !== null) phones.add(number);
    }
  }
  const lines = [...new Set(Object.values(ctx.phoneNumberIds).map((line) => toE164(line)).filter((line) => line !== null))];
  return {
    type: 'contact.changed',
    lines,
    data: {
      contactId,
      deleted: delivery.type === 'contact.deleted',
      name: name === '' ? null : name,
      company: text(resource.company, 300) ?? text(defaults.company, 300),
      phones: [...phones].slice(0, 50),
      emails: [...emails].slice(0, 50),
    },
  };
}

interface Entry {
  label: string;
  value: string;
}

/**
 * Label/value pairs from an object of label → value or values, or an array of
 * `{name|key, type, value}` (a bare string in an array takes `fallbackLabel`).
 */
function labelledEntries(field: unknown, fallbackLabel = ''): Entry[] {
  const entries: Entry[] = [];
  const add = (label: string, value: unknown): void => {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item !== '') entries.push({ label, value: item.trim() });
      else if (isObject(item)) add(label, item.value);
    }
  };
  if (Array.isArray(field)) {
    for (const item of field) {
      if (typeof item === 'string') add(fallbackLabel, item);
      else if (isObject(item)) add(`${fallbackLabel} ${describe(item)}`, item.value);
    }
  } else if (isObject(field)) {
    for (const [label, value] of Object.entries(field)) add(label, value);
  }
  return entries;
}

function describe(item: Json): string {
  return [item.type, item.name, item.key].filter((part) => typeof part === 'string').join(' ');
}
