import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter } from '../../src/http/rate-limit/keyed-rate-limiter';
import { peekToken, takeToken, type Bucket } from '../../src/http/rate-limit/token-bucket';

const policy = { perSecond: 2, burst: 3 };

function takeMany(count: number, nowMs: number, start?: Bucket) {
  let bucket = start;
  const allowed: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const decision = takeToken(bucket, nowMs, policy);
    bucket = decision.bucket;
    allowed.push(decision.allowed);
  }
  return { allowed, bucket };
}

describe('token bucket', () => {
  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const { allowed, bucket } = takeMany(4, 0);
    expect(allowed).toEqual([true, true, true, false]);
    expect(takeToken(bucket, 0, policy)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at its rate and never past its burst', () => {
    const { bucket } = takeMany(3, 0);
    expect(takeToken(bucket, 499, policy).allowed).toBe(false);
    expect(takeToken(bucket, 500, policy).allowed).toBe(true);
    expect(takeMany(4, 60_000, bucket).allowed).toEqual([true, true, true, false]);
  });

  it('does not count a clock that steps backwards as time passing', () => {
    const { bucket } = takeMany(3, 10_000);
    expect(takeToken(bucket, 0, policy).allowed).toBe(false);
  });

  it('says how long a slow bucket keeps refusing', () => {
    const slow = { perSecond: 10 / 60, burst: 1 };
    const first = takeToken(undefined, 0, slow);
    expect(peekToken(first.bucket, 0, slow)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    expect(peekToken(first.bucket, 6000, slow).allowed).toBe(true);
  });
});

describe('keyed rate limiter', () => {
  it('limits each address on its own', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter({ perSecond: 1, burst: 1 }, () => now);
    expect(limiter.take('203.0.113.1').allowed).toBe(true);
    expect(limiter.take('203.0.113.1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('203.0.113.2').allowed).toBe(true);
    now = 1000;
    expect(limiter.take('203.0.113.1').allowed).toBe(true);
  });

  it('checks without taking', () => {
    const limiter = new KeyedRateLimiter({ perSecond: 1, burst: 1 }, () => 0);
    expect(limiter.check('198.51.100.7').allowed).toBe(true);
    expect(limiter.check('198.51.100.7').allowed).toBe(true);
    limiter.take('198.51.100.7');
    expect(limiter.check('198.51.100.7').allowed).toBe(false);
  });

  it('is off at a rate of 0', () => {
    const limiter = new KeyedRateLimiter({ perSecond: 0, burst: 1 }, () => 0);
    for (let i = 0; i < 5; i++) expect(limiter.take('198.51.100.7').allowed).toBe(true);
  });

  it('forgets the oldest addresses past its size instead of growing without end', () => {
    const limiter = new KeyedRateLimiter({ perSecond: 1, burst: 1 }, () => 0, 10);
    limiter.take('first');
    for (let i = 0; i < 20; i++) limiter.take(`other-${i}`);
    expect(limiter.take('first').allowed).toBe(true);
    expect(limiter.take('other-19').allowed).toBe(false);
  });
});
