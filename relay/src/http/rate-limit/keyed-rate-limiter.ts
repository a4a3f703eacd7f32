import type { Clock } from '../../../../src/shared/clock';
import { peekToken, takeToken, type Bucket, type BucketPolicy } from './token-bucket';

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const ALLOWED: LimitDecision = { allowed: true };

/**
 * One token bucket per key (a client address). Memory is bounded: past `maxKeys` the
 * oldest buckets are forgotten, which at worst gives a forgotten address a fresh burst.
 * Exempt addresses are the caller's business (RequestContext.exempt).
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly policy: BucketPolicy,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes a token for `key`, or says how long to wait. */
  take(key: string): LimitDecision {
    if (this.policy.perSecond === 0) return ALLOWED;
    const decision = takeToken(this.buckets.get(key), this.clock(), this.policy);
    this.store(key, decision.bucket);
    return decision.allowed ? ALLOWED : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
  }

  /** Whether `key` still has a token, without taking it. */
  check(key: string): LimitDecision {
    if (this.policy.perSecond === 0) return ALLOWED;
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return ALLOWED;
    const decision = peekToken(bucket, this.clock(), this.policy);
    return decision.allowed ? ALLOWED : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
  }

  private store(key: string, bucket: Bucket): void {
    // Delete first so the Map's insertion order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.maxKeys) return;
    const excess = this.buckets.size - this.maxKeys + Math.ceil(this.maxKeys / 10);
    let removed = 0;
    for (const oldest of this.buckets.keys()) {
      if (removed++ >= excess) break;
      this.buckets.delete(oldest);
    }
  }
}
