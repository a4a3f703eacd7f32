import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * The ways a number is written besides E.164, as they turn up in free text, alert wording and
 * provider payloads: national ("(617) 555-0100"), international with spaces, bare digits with and
 * without the country code, dotted and dashed. Longest first, so a replacement of the longer
 * spelling happens before one of its parts. Pure.
 */
export function phoneSpellings(e164: string): string[] {
  const spellings = new Set<string>([e164]);
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed) {
    const national = String(parsed.nationalNumber);
    spellings.add(parsed.formatNational());
    spellings.add(parsed.formatInternational());
    spellings.add(`${parsed.countryCallingCode}${national}`);
    spellings.add(national);
    if (national.length === 10) {
      const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
      for (const form of [`${a}-${b}-${c}`, `${a}.${b}.${c}`, `${a} ${b} ${c}`, `(${a}) ${b}-${c}`, `(${a})${b}-${c}`, `${a}-${b}${c}`]) spellings.add(form);
    }
  }
  // Seven digits or fewer match too much unrelated text (amounts, ids).
  return [...spellings].filter((spelling) => spelling.replace(/\D/g, '').length >= 8).sort((x, y) => y.length - x.length);
}
