import type { BackoffPolicy } from '../../shared/backoff/backoff';

/**
 * How often and how long to wait before trying a QuickBooks call again; the waits between
 * tries follow the one backoff rule (src/shared/backoff/backoff.ts).
 */

export interface RetryPolicy extends BackoffPolicy {
  /** Tries of one call before giving up (the first one included). */
  maxAttempts: number;
  /** A 429 without Retry-After: Intuit says wait 60 s (spec §8). */
  throttleWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseMs: 500, capMs: 30_000, throttleWaitMs: 60_000 };

/** After a 429: what the server asked for, else the policy's wait. */
export function throttleDelay(retryAfterMs: number | null, policy: Pick<RetryPolicy, 'throttleWaitMs'>): number {
  return retryAfterMs ?? policy.throttleWaitMs;
}
