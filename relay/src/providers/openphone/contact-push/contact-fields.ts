import { createHash } from 'node:crypto';
import { formatDuration } from '../../../../../src/shared/units';

/**
 * What an OpenPhone API contact says about one Ringside customer (spec telephony-providers
 * §1.9: defaultFields, customFields, externalId ≤ 75, source ≤ 75). Pure.
 */

export const EXTERNAL_ID_MAX = 75;
export const CONTACT_SOURCE = 'ringside';

/** A customer as the push knows it from the log. */
export interface PushedCustomer {
  name: string;
  company: string | null;
  /** The main address first. */
  emails: string[];
  phones: string[];
  /** "Priority", "Priority (ends 2026-04-30)", or null without a subscription. */
  plan: string | null;
  /** Included seconds left this period, to the minute (the relay's accounts); null without a subscription; absent in descriptions made before it was pushed. */
  includedSecondsLeft?: number | null;
}

/** The workspace's custom fields the push fills, by key; null where the workspace has none. */
export interface ContactFieldKeys {
  plan: string | null;
  hours: { key: string; type: 'number' | 'string' } | null;
}

export interface ContactBody {
  externalId: string;
  source: string;
  defaultFields: {
    firstName: string;
    lastName: string | null;
    company: string | null;
    emails: { name: string; value: string }[];
    phoneNumbers: { name: string; value: string }[];
  };
  customFields: { key: string; value: string | number }[];
}

/** The customer's id when it fits; a longer one becomes `rs-` and 40 characters of its SHA-256, the same every time. */
export function externalIdFor(customerId: string): string {
  if (customerId.length <= EXTERNAL_ID_MAX) return customerId;
  return `rs-${createHash('sha256').update(customerId).digest('base64url').slice(0, 40)}`;
}

const PARTICLES = new Set(['de', 'del', 'della', 'da', 'das', 'dos', 'van', 'von', 'der', 'den', 'le', 'la', 'di', 'du', 'bin', 'al', 'el', 'ter', 'ten', 'st', 'st.']);

/**
 * A name as OpenPhone's first and last name: "Lopez, Maria" → Maria / Lopez; "José de la
 * Cruz" → José / de la Cruz (the surname from its first particle); "Maria Lopez" → Maria /
 * Lopez; one word → the first name alone (OpenPhone requires a first name, not a last one).
 */
export function splitName(name: string): { firstName: string; lastName: string | null } {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(trimmed);
  if (comma !== null) return { firstName: comma[2]!.trim(), lastName: comma[1]!.trim() };
  const words = trimmed.split(' ');
  if (words.length === 1) return { firstName: trimmed, lastName: null };
  const particle = words.findIndex((word, i) => i > 0 && i < words.length - 1 && PARTICLES.has(word.toLowerCase()));
  const split = particle > 0 ? particle : words.length - 1;
  return { firstName: words.slice(0, split).join(' '), lastName: words.slice(split).join(' ') };
}

/** The time left as the hours field takes it: hours for a number field, words for a text one. */
export function hoursValue(secondsLeft: number | null, type: 'number' | 'string'): string | number {
  if (type === 'number') return Math.round(((secondsLeft ?? 0) / 3600) * 100) / 100;
  return secondsLeft === null ? 'Pays per call' : formatDuration(secondsLeft);
}

/** The contact for a customer; the plan and the time left go in the workspace's fields for them, where it has them. */
export function contactBody(customerId: string, customer: PushedCustomer, fields: ContactFieldKeys): ContactBody {
  const customFields: ContactBody['customFields'] = [];
  if (fields.plan !== null) customFields.push({ key: fields.plan, value: customer.plan ?? 'Pays per call' });
  if (fields.hours !== null && customer.includedSecondsLeft !== undefined) customFields.push({ key: fields.hours.key, value: hoursValue(customer.includedSecondsLeft, fields.hours.type) });
  const { firstName, lastName } = splitName(customer.name);
  return {
    externalId: externalIdFor(customerId),
    source: CONTACT_SOURCE,
    defaultFields: {
      firstName,
      lastName,
      company: customer.company,
      emails: customer.emails.map((value, i) => ({ name: i === 0 ? 'Email' : `Email ${i + 1}`, value })),
      phoneNumbers: customer.phones.map((value, i) => ({ name: i === 0 ? 'Phone' : `Phone ${i + 1}`, value })),
    },
    customFields,
  };
}

/** A digest of what would be pushed: a customer saved again unchanged is not pushed again. */
export function contentHash(customer: PushedCustomer | null): string {
  return createHash('sha256').update(JSON.stringify(customer)).digest('base64url').slice(0, 22);
}
