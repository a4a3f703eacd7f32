/**
 * The one backoff rule, for everything Ringside retries: the console's relay link
 * reconnects, QuickBooks calls, outbox jobs and outbound HTTP, and the relay's media
 * downloads. In src/shared so the relay uses it without importing console code. Pure: the
 * caller passes the random source, so tests pin it.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from
 * [0, min(cap, base · 2^attempt)), so clients cut off together do not come back together.
 * `attempt` counts failures so far (0 for the first retry).
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.floor(Math.min(Math.max(random(), 0), 0.999_999) * ceiling);
}
