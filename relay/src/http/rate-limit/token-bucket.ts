/**
 * A token bucket as a pure decision: a bucket holds up to `burst` tokens and refills
 * at `perSecond`; a request takes one token or is refused, with the seconds until a
 * token will be there. The clock is the caller's.
 */
export interface BucketPolicy {
  perSecond: number;
  burst: number;
}

export interface Bucket {
  tokens: number;
  atMs: number;
}

export type BucketDecision = { allowed: true; bucket: Bucket } | { allowed: false; bucket: Bucket; retryAfterSeconds: number };

export function refill(bucket: Bucket | undefined, nowMs: number, policy: BucketPolicy): Bucket {
  if (bucket === undefined) return { tokens: policy.burst, atMs: nowMs };
  const elapsed = Math.max(0, nowMs - bucket.atMs) / 1000;
  return { tokens: Math.min(policy.burst, bucket.tokens + elapsed * policy.perSecond), atMs: Math.max(nowMs, bucket.atMs) };
}

export function takeToken(bucket: Bucket | undefined, nowMs: number, policy: BucketPolicy): BucketDecision {
  const current = refill(bucket, nowMs, policy);
  if (current.tokens >= 1) return { allowed: true, bucket: { tokens: current.tokens - 1, atMs: current.atMs } };
  return { allowed: false, bucket: current, retryAfterSeconds: secondsUntilToken(current, policy) };
}

/** Without taking: would a request be refused now, and for how long. */
export function peekToken(bucket: Bucket | undefined, nowMs: number, policy: BucketPolicy): { allowed: boolean; retryAfterSeconds: number } {
  const current = refill(bucket, nowMs, policy);
  return current.tokens >= 1 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: secondsUntilToken(current, policy) };
}

function secondsUntilToken(bucket: Bucket, policy: BucketPolicy): number {
  return Math.max(1, Math.ceil((1 - bucket.tokens) / policy.perSecond));
}
