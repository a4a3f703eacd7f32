/** numerator / denominator rounded once, half to even (integer arithmetic only; denominator > 0). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  const up = twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n);
  const magnitude = up ? quotient + 1n : quotient;
  return negative ? -magnitude : magnitude;
}

/** Money for `seconds` at `rateMinor` per `perSeconds` (60: per minute, 3600: per hour), one half-even rounding. */
export function moneyForSeconds(seconds: number, rateMinor: number, perSeconds: number): number {
  return Number(divideHalfEven(BigInt(seconds) * BigInt(rateMinor), BigInt(perSeconds)));
}
