import { customerPhone, hasSecondPhone, seededRandom, SEEDED_UNKNOWN_NUMBERS, unknownPhone } from './console-seed';

/**
 * Who calls in the ring-to-card benchmark: mostly known customers, their number
 * written the ways providers and people write US numbers, and some unknown callers
 * (half with a history of calls, half calling for the first time).
 */

export interface PlannedRing {
  /** `from` as the webhook carries it. */
  from: string;
  /** The number the console should match it as. */
  e164: string;
  known: boolean;
}

export const US_NUMBER_FORMATS = ['e164', 'national', 'dotted', 'international', 'digits-with-country', 'digits'] as const;
export type UsNumberFormat = (typeof US_NUMBER_FORMATS)[number];

/** Writes a +1 E.164 number in one of the usual shapes. */
export function formatUsNumber(e164: string, format: UsNumberFormat): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (!match) throw new Error(`${e164} is not a +1 number`);
  const [, area, exchange, line] = match;
  switch (format) {
    case 'e164':
      return e164;
    case 'national':
      return `(${area}) ${exchange}-${line}`;
    case 'dotted':
      return `${area}.${exchange}.${line}`;
    case 'international':
      return `+1 ${area}-${exchange}-${line}`;
    case 'digits-with-country':
      return `1${area}${exchange}${line}`;
    case 'digits':
      return `${area}${exchange}${line}`;
  }
}

/** `count` rings, four in five from the first `customers` seeded customers; deterministic per seed. */
export function planRings(count: number, customers: number, seed: number): PlannedRing[] {
  const random = seededRandom(seed);
  let newUnknown = 0;
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    if (roll < 0.8) {
      const customer = Math.floor(random() * customers);
      const e164 = customerPhone(customer, hasSecondPhone(customer) && random() < 0.5 ? 1 : 0);
      return { from: formatUsNumber(e164, US_NUMBER_FORMATS[i % US_NUMBER_FORMATS.length]!), e164, known: true };
    }
    const e164 = roll < 0.9 ? unknownPhone(Math.floor(random() * SEEDED_UNKNOWN_NUMBERS)) : unknownPhone(SEEDED_UNKNOWN_NUMBERS + seed + newUnknown++);
    return { from: formatUsNumber(e164, US_NUMBER_FORMATS[i % US_NUMBER_FORMATS.length]!), e164, known: false };
  });
}
