import type { CountryCode } from 'libphonenumber-js/min';
import { toE164 } from './phone';

/** A customer as the edit form sends it, before it is checked. */
export interface CustomerFormInput {
  name: string;
  company: string;
  phones: string[];
  emails: string[];
  /** Issue 12; a form without these fields (an older card) leaves them empty. */
  address?: string;
  notes?: string;
}

export interface CheckedCustomer {
  name: string;
  company: string | null;
  phones: string[];
  email: string | null;
  emails: string[];
  /** Trimmed, blank lines inside kept; null when empty. */
  address: string | null;
  notes: string;
}

/** As customer.upserted bounds them (src/shared/events/model.ts). */
export const ADDRESS_MAX = 1000;
export const NOTES_MAX = 5000;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Reads a customer form: phones in the console's region (src/shared/phone.ts), blank
 * rows left out, duplicates once. Answers the customer, or every problem in plain words.
 */
export function checkCustomerForm(input: CustomerFormInput, region: CountryCode): { ok: true; customer: CheckedCustomer } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const name = input.name.trim();
  if (name === '') problems.push('A name is needed.');
  const phones: string[] = [];
  for (const raw of input.phones.map((p) => p.trim()).filter((p) => p !== '')) {
    const e164 = toE164(raw, region);
    if (e164 === null) problems.push(`"${raw}" is not a phone number. Write it with its area code, e.g. (617) 555-0100 or +44 20 7946 0958.`);
    else if (!phones.includes(e164)) phones.push(e164);
  }
  if (phones.length === 0 && !problems.some((p) => p.includes('is not a phone number'))) problems.push('At least one phone number is needed: it is how a call finds the customer.');
  const emails: string[] = [];
  for (const raw of input.emails.map((e) => e.trim()).filter((e) => e !== '')) {
    if (!EMAIL.test(raw)) problems.push(`"${raw}" is not an email address.`);
    else if (!emails.some((e) => e.toLowerCase() === raw.toLowerCase())) emails.push(raw);
  }
  const address = (input.address ?? '').split(/\r?\n/).map((line) => line.trim()).join('\n').trim();
  if (address.length > ADDRESS_MAX) problems.push(`The address is ${address.length} characters long; at most ${ADDRESS_MAX} fit.`);
  const notes = (input.notes ?? '').trim();
  if (notes.length > NOTES_MAX) problems.push(`The notes are ${notes.length} characters long; at most ${NOTES_MAX} fit.`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, customer: { name, company: input.company.trim() || null, phones, email: emails[0] ?? null, emails: emails.slice(1), address: address === '' ? null : address, notes } };
}
