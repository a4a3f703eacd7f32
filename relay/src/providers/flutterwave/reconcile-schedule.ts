/**
 * When a payment link is looked up at Flutterwave by reference, in case its payment's webhook
 * never came (Flutterwave's retry schedule is unconfirmed, docs/providers/flutterwave.md §7):
 * at 1, 4, 24, 96 and 192 reconciliation periods after it was made, so an unpaid link costs
 * five look-ups in all. After a restart every link still inside that window is looked up once.
 * Pure.
 */

export const LOOKUP_PERIODS = [1, 4, 24, 96, 192] as const;

/** The links whose age crossed a look-up point between the previous sweep and this one (`previousAtMs` null: the first sweep of this run). */
export function linksToLookUp<T extends { createdAtMs: number }>(links: readonly T[], previousAtMs: number | null, nowMs: number, periodMs: number): T[] {
  const horizon = LOOKUP_PERIODS.at(-1)! * periodMs;
  return links.filter((link) => {
    const age = nowMs - link.createdAtMs;
    if (age < LOOKUP_PERIODS[0] * periodMs || age > horizon + periodMs) return false;
    if (previousAtMs === null) return true;
    const before = previousAtMs - link.createdAtMs;
    return LOOKUP_PERIODS.some((n) => before < n * periodMs && n * periodMs <= age);
  });
}

/** The oldest a link can be and still be looked up. */
export function lookupHorizonMs(periodMs: number): number {
  return (LOOKUP_PERIODS.at(-1)! + 1) * periodMs;
}
