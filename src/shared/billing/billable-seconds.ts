import type { CallRounding } from './catalog';

/**
 * Rules 3–4 of docs/billing.md, shared by the engine and the card's live "if it ended
 * now" line: a call shorter than the grace time is free (when grace is still
 * available), otherwise billable = roundUp(max(raw, minimum), increment).
 */
export function billableSeconds(
  rawSeconds: number,
  rounding: Pick<CallRounding, 'incrementSeconds' | 'minimumBillableSeconds' | 'graceSeconds'>,
  options: { graceAvailable?: boolean } = {},
): number {
  const raw = Math.max(0, Math.floor(rawSeconds));
  if ((options.graceAvailable ?? true) && raw < rounding.graceSeconds) return 0;
  return roundUpToIncrement(Math.max(raw, rounding.minimumBillableSeconds), rounding.incrementSeconds);
}

export function roundUpToIncrement(seconds: number, incrementSeconds: number): number {
  const increment = Math.max(1, incrementSeconds);
  return Math.ceil(seconds / increment) * increment;
}
