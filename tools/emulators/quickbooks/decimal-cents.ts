/**
 * QuickBooks Online emulator: exact money arithmetic. QBO checks `Amount == round(Qty × UnitPrice, 2)`
 * (spec §5.4, fault 6070); doing that in floats would invent or hide mismatches, so numbers are
 * taken from their shortest decimal form and multiplied as integers.
 */

interface Decimal {
  digits: bigint;
  scale: number;
}

function toDecimal(n: number): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) throw new RangeError(`not a finite number: ${n}`);
  const frac = m[3] ?? '';
  let digits = BigInt(`${m[1]}${m[2]}${frac}`);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

/** Rounds half away from zero to 2 decimals. */
function toCentsOf(d: Decimal): bigint {
  if (d.scale <= 2) return d.digits * 10n ** BigInt(2 - d.scale);
  const divisor = 10n ** BigInt(d.scale - 2);
  const q = d.digits / divisor;
  const r = d.digits % divisor;
  const abs = r < 0n ? -r : r;
  if (abs * 2n >= divisor) return d.digits < 0n ? q - 1n : q + 1n;
  return q;
}

export function toCents(n: number): bigint {
  return toCentsOf(toDecimal(n));
}

export function productCents(a: number, b: number): bigint {
  const x = toDecimal(a);
  const y = toDecimal(b);
  return toCentsOf({ digits: x.digits * y.digits, scale: x.scale + y.scale });
}

export function centsToNumber(cents: bigint): number {
  return Number(cents) / 100;
}

/** `1,861.07`: how QBO prints a supplied amount in the 6070 detail. */
export function formatAmount(n: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}
