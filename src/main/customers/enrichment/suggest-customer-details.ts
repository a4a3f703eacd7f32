import type { CountryCode } from 'libphonenumber-js/min';
import type { CustomerSuggestion, SuggestionField } from '../../../shared/api/team-work';
import { emailsInText } from './emails-in-text';
import type { CustomerWords } from './found-text';
import { namesInText } from './names-in-text';
import { phonesInText } from './phones-in-text';
import { streetAddressesInText } from './street-addresses-in-text';

export type { CustomerSuggestion, SuggestionField } from '../../../shared/api/team-work';

/** What the record already holds: a suggestion that says the same is no suggestion. */
export interface CustomerRecord {
  name: string;
  emails: readonly string[];
  address: string | null;
  /** E.164; the number a text came from is one of them. */
  phones: readonly string[];
}

/** The most a customer page proposes at once, newest first. */
export const MAX_SUGGESTIONS = 10;

/**
 * Names, emails, phone numbers (read in `region`) and street addresses found in a customer's words that their record does
 * not hold yet, minus the ones someone dismissed. Deterministic and offline: the same
 * texts give the same suggestions, with the same keys, on every console.
 */
export function suggestCustomerDetails(words: readonly CustomerWords[], record: CustomerRecord, dismissed: ReadonlySet<string>, region: CountryCode = 'US', businessLines: ReadonlySet<string> = new Set()): CustomerSuggestion[] {
  const byKey = new Map<string, CustomerSuggestion>();
  const known = new Set([`name:${normalized(record.name)}`, ...record.emails.map((email) => `email:${normalized(email)}`), ...(record.address ? [`address:${normalized(record.address)}`] : []), ...[...record.phones, ...businessLines].map((phone) => `phone:${phone}`)]);
  const ordered = [...words].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.sourceId < b.sourceId ? -1 : 1));
  for (const said of ordered) {
    const findings: { field: SuggestionField; value: string; quote: string }[] = [
      ...namesInText(said.text).map((f) => ({ field: 'name' as const, ...f })),
      ...emailsInText(said.text, said.kind !== 'message').map((f) => ({ field: 'email' as const, ...f })),
      ...phonesInText(said.text, region).map((f) => ({ field: 'phone' as const, ...f })),
      ...streetAddressesInText(said.text).map((f) => ({ field: 'address' as const, ...f })),
    ];
    for (const finding of findings) {
      const key = suggestionKey(finding.field, finding.value);
      if (known.has(key) || dismissed.has(key)) continue;
      const seen = byKey.get(key);
      if (seen) seen.seen += 1;
      else byKey.set(key, { key, field: finding.field, value: finding.value, quote: finding.quote, sourceKind: said.kind, sourceId: said.sourceId, at: said.at, seen: 1 });
    }
  }
  return [...byKey.values()].slice(0, MAX_SUGGESTIONS);
}

export function suggestionKey(field: SuggestionField, value: string): string {
  return `${field}:${normalized(value)}`.slice(0, 500);
}

function normalized(value: string): string {
  return value.toLowerCase().replace(/[\s,]+/g, ' ').trim();
}
