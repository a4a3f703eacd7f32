/**
 * Flutterwave amounts are major units written as JSON numbers (`100`, `150.5`,
 * docs/providers/flutterwave.md §9); Ringside keeps integer minor units. Both ways go
 * through the decimal text, never float arithmetic, with the currency's ISO 4217 minor
 * digits (the shared table, src/shared/billing/currency-exponent.ts). An amount with more
 * fraction digits than its currency has is unreadable. Pure.
 */

import { currencyExponent } from '../../../../src/shared/billing/currency-exponent';

/** 19999 USD → "199.99"; 5000 UGX → "5000". */
export function majorText(amountMinor: number, currency: string): string {
  const digits = currencyExponent(currency);
  if (digits === 0) return String(amountMinor);
  const text = String(amountMinor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** 150.5 USD → 15050; null when it is not a non-negative amount the currency can hold. */
export function minorFromMajor(value: unknown, currency: string): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? numberText(value) : '') : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const digits = currencyExponent(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** JSON numbers as JSON wrote them (1e21 and 1e-7 are not amounts). */
function numberText(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? '' : text;
}
