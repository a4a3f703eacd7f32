/**
 * Flutterwave EMULATOR: amounts are major units (e.g. 199.99 USD) as JSON numbers or numeric strings
 * (docs/providers/flutterwave.md §9). Kept in cents internally so fees and renders are exact.
 */

export function parseMajorAmount(value: unknown): bigint | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** Cents back to the JSON number Flutterwave shows (100, 100.5, 199.99). */
export function majorNumber(cents: bigint): number {
  return Number(cents) / 100;
}

/** Flutterwave's local-card fee on the emulator: 1.4 %, rounded half up to the cent. */
export function appFeeCents(cents: bigint): bigint {
  return (cents * 14n + 500n) / 1000n;
}

/** Currencies Flutterwave collects in (subset that matters here; the emulator refuses others). */
export const supportedCurrencies = ['NGN', 'USD', 'GBP', 'EUR', 'KES', 'GHS', 'ZAR', 'UGX', 'TZS', 'RWF', 'XAF', 'XOF', 'ZMW', 'EGP', 'CAD'] as const;
