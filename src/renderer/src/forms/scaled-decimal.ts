/**
 * Exact decimal input: "12.5" with 2 fraction digits is 1250. Parsed from the
 * digits as text, never through a float, so "0.29" is 29 and not 28.999….
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DECIMAL = /^(\d+)?(?:\.(\d*))?$/;

export function parseScaledDecimal(text: string, fractionDigits: number, { allowNegative = false } = {}): Parsed<number> {
  let body = text.trim().replace(/,/g, '');
  let negative = false;
  if (body.startsWith('-')) {
    negative = true;
    body = body.slice(1).trim();
  }
  const match = DECIMAL.exec(body);
  if (body === '' || body === '.' || !match) return { ok: false, error: 'must be a number like 12.50' };
  if (negative && !allowNegative) return { ok: false, error: 'must not be negative' };
  const whole = match[1] ?? '';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > fractionDigits) {
    return { ok: false, error: fractionDigits === 0 ? 'must be a whole number' : `at most ${fractionDigits} digits after the point` };
  }
  const digits = `${whole}${fraction.padEnd(fractionDigits, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(digits === '' ? '0' : digits);
  if (!Number.isSafeInteger(value)) return { ok: false, error: 'is too large' };
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** The input text for a scaled integer: 1250 with 2 digits is "12.50". */
export function formatScaledDecimal(value: number, fractionDigits: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(value))).padStart(fractionDigits + 1, '0');
  if (fractionDigits === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
}
