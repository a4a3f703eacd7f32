import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** An E.164 phone number ("+16175550100"). Only made by `toE164`. */
export type E164 = string & { readonly __brand: 'E164' };

export const DEFAULT_PHONE_REGION: CountryCode = 'US';

/**
 * Normalizes whatever a provider, a CSV or a person typed into E.164, or null when
 * it is not a possible phone number. National formats are read in `defaultRegion`.
 */
export function toE164(raw: string | null | undefined, defaultRegion: CountryCode = DEFAULT_PHONE_REGION): E164 | null {
  if (raw == null) return null;
  // A North American number already in E.164 (+1, then ten digits not starting with 0
  // or 1) is what nearly every webhook carries, and libphonenumber answers it unchanged:
  // every NANP country's numbers are ten digits and none strips a prefix from them
  // (checked against the library for every area code and exchange). Parsing it costs
  // ~10 µs; this test costs nothing.
  if (NANP_E164.test(raw)) return raw as E164;
  // Providers send E.164 already, and the same few numbers (the business's own lines)
  // on every webhook: remember those answers rather than parse them again. The region
  // plays no part for a number starting with "+", so the raw text is the whole key.
  if (CANONICAL_E164.test(raw)) {
    const known = canonicalAnswers.get(raw);
    if (known !== undefined) return known;
    const answer = parseToE164(raw, defaultRegion);
    if (canonicalAnswers.size >= CANONICAL_ANSWERS_KEPT) canonicalAnswers.delete(canonicalAnswers.keys().next().value!);
    canonicalAnswers.set(raw, answer);
    return answer;
  }
  return parseToE164(raw, defaultRegion);
}

const NANP_E164 = /^\+1[2-9]\d{9}$/;
const CANONICAL_E164 = /^\+[1-9]\d{1,14}$/;
/** Bounded: the oldest answer is forgotten first. */
const CANONICAL_ANSWERS_KEPT = 1024;
const canonicalAnswers = new Map<string, E164 | null>();

function parseToE164(raw: string, defaultRegion: CountryCode): E164 | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  // "001..." and "+1 (617)..." both parse; bare digits starting with the country code
  // (what some providers send) are retried with a "+".
  const parsed =
    parsePhoneNumberFromString(trimmed, defaultRegion) ??
    (/^\d{11,15}$/.test(trimmed) ? parsePhoneNumberFromString(`+${trimmed}`) : undefined);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number as E164;
}

/** A readable form of an E.164 number for the UI ("+1 617 555 0100"). */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

export function isCountryCode(value: string): value is CountryCode {
  return /^[A-Z]{2}$/.test(value);
}
