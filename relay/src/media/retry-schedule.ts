import { backoffDelay } from '../../../src/shared/backoff/backoff';
import type { MediaRetryPolicy } from './media-settings';

/**
 * When a failed download is tried again, and whether it is time to tell people. Fast
 * tries follow the one backoff rule (capped exponential, full jitter); once the alert is
 * due, tries slow to between half of `slowMs` and `slowMs` apart, for as long as it takes:
 * a provider's media host may be down for hours. Pure.
 */
export function afterFailure(
  failures: number,
  firstAttemptAt: number,
  now: number,
  policy: MediaRetryPolicy,
  random: () => number,
): { delayMs: number; alertDue: boolean } {
  const alertDue = failures >= policy.alertAfterAttempts || now - firstAttemptAt >= policy.alertAfterMs;
  if (!alertDue) return { delayMs: backoffDelay(failures - 1, random, { baseMs: policy.baseMs, capMs: policy.capMs }), alertDue };
  const half = Math.floor(policy.slowMs / 2);
  return { delayMs: half + backoffDelay(0, random, { baseMs: policy.slowMs - half, capMs: policy.slowMs - half }), alertDue };
}
