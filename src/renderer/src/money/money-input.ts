import { formatScaledDecimal, parseScaledDecimal, type Parsed } from '../forms/scaled-decimal';

/** Money is integer minor units (formatMoney in src/shared/units divides by 100): two fraction digits. */
export const MINOR_DIGITS = 2;

const CURRENCY_SYMBOLS = /^[$€£]\s*/;

/** "$1,234.50" → 123450 minor units, exactly. Empty text is an error; callers decide what blank means. */
export function parseMoneyInput(text: string, { allowNegative = false } = {}): Parsed<number> {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const unsigned = (negative ? trimmed.slice(1).trim() : trimmed).replace(CURRENCY_SYMBOLS, '');
  const parsed = parseScaledDecimal(`${negative ? '-' : ''}${unsigned}`, MINOR_DIGITS, { allowNegative });
  if (!parsed.ok && parsed.error.startsWith('must be a number')) return { ok: false, error: 'must be an amount like 12.50' };
  return parsed;
}

/** 123450 → "1234.50", the text a money input starts with. */
export function formatMoneyInput(minor: number): string {
  return formatScaledDecimal(minor, MINOR_DIGITS);
}
