/**
 * Decimal strings from a spreadsheet turned into integers exactly: no floating
 * point touches money or time (2.5 h is 9000 s; 199.00 USD is 19900 cents).
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "2.5" hours → 9000 seconds, rounded half up to the second. */
export function hoursToSeconds(text: string): number | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(match[1] ?? '0') * scale + BigInt(fraction || '0');
  const seconds = (scaled * 3600n * 2n + scale) / (scale * 2n);
  return seconds > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(seconds);
}

/** Minor-unit digits of a currency (USD 2, JPY 0, BHD 3), from the platform's ICU data. */
export function minorDigits(currency: string): number | null {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? null;
  } catch {
    return null;
  }
}

/**
 * "1,299.00" → 129900 for a currency with 2 minor digits. More decimals than the
 * currency has is an error, not a rounding: a price is written exactly.
 */
export function priceToMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  if (digits === null) return null;
  const match = DECIMAL.exec(text.trim().replace(/,/g, ''));
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = BigInt(match[1] ?? '0') * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minor);
}
