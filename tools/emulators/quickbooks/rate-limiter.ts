/**
 * QuickBooks Online emulator: the per-realm throttles of spec §8 — 500 requests a minute and 10 a
 * second, plus 40 batch requests a minute — as sliding windows on the emulator's clock. Refused
 * requests are not counted.
 */

export interface RateLimits {
  requestsPerMinute: number;
  requestsPerSecond: number;
  batchRequestsPerMinute: number;
}

export class RealmRateLimiter {
  private readonly requests: number[] = [];
  private readonly batches: number[] = [];

  constructor(private readonly limits: RateLimits) {}

  /** Records the request and answers true, or answers false (throttled) without recording it. */
  admit(nowMs: number, isBatch: boolean): boolean {
    prune(this.requests, nowMs - 60_000);
    prune(this.batches, nowMs - 60_000);
    const lastSecond = this.requests.length - lowerBound(this.requests, nowMs - 1000 + 1);
    if (this.requests.length >= this.limits.requestsPerMinute || lastSecond >= this.limits.requestsPerSecond) return false;
    if (isBatch && this.batches.length >= this.limits.batchRequestsPerMinute) return false;
    this.requests.push(nowMs);
    if (isBatch) this.batches.push(nowMs);
    return true;
  }
}

function prune(times: number[], olderThanOrAt: number): void {
  const keep = lowerBound(times, olderThanOrAt + 1);
  if (keep > 0) times.splice(0, keep);
}

/** First index whose time is ≥ t (times are pushed in order). */
function lowerBound(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
