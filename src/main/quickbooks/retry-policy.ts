/**
 * How long to wait before trying a QuickBooks call again. Pure: the caller passes the
 * random draw, so tests pin it.
 */

export interface RetryPolicy {
  /** Tries of one call before giving up (the first one included). */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** A 429 without Retry-After: Intuit says wait 60 s (spec §8). */
  throttleWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseMs: 500, capMs: 30_000, throttleWaitMs: 60_000 };

/** Exponential backoff with full jitter: a uniform draw in [0, min(cap, base·2^attempt)). `attempt` counts from 0. */
export function nextRetryDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(Math.min(Math.max(random, 0), 0.999_999) * ceiling);
}

/** After a 429: what the server asked for, else the policy's wait. */
export function throttleDelay(retryAfterMs: number | null, policy: Pick<RetryPolicy, 'throttleWaitMs'>): number {
  return retryAfterMs ?? policy.throttleWaitMs;
}
