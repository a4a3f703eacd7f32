import type { Clock } from '../../../../../src/shared/clock';
import { refill, takeToken, type Bucket, type BucketPolicy } from '../../../http/rate-limit/token-bucket';

/**
 * OpenPhone allows 10 requests per second per API key and answers 429 beyond (spec
 * telephony-providers §1.9). Every request the relay makes with its key (texts, the
 * directory sync, the history import, reconciliation, contact pushes) waits here for a
 * token first, so the key's budget is shared and a burst is spread out instead of
 * refused. The pace is 97 % of the limit with no burst: requests go evenly spaced, which
 * keeps a token-bucket or a sliding-window limiter on OpenPhone's side satisfied despite
 * network bunching, and uses the budget nearly in full. A 429 (another program on the
 * same key, a limiter stricter than documented) holds every request back for the
 * backoff the client chose, then the pace resumes.
 */
export const OPENPHONE_PACE_SHARE = 0.97;

export function openPhonePace(limitPerSecond: number): BucketPolicy {
  return { perSecond: limitPerSecond * OPENPHONE_PACE_SHARE, burst: 1 };
}

/** For the default limit of 10 requests per second. */
export const OPENPHONE_REQUEST_PACE: BucketPolicy = openPhonePace(10);

/** Requests sent over the last window, for "requests per second" in progress reports. */
const RATE_WINDOW_MS = 10_000;

export interface PacerStats {
  /** Requests let through since start. */
  requests: number;
  /** Answers 429 reported since start. */
  rateLimited: number;
  /** The most 429s in a row. */
  longest429Streak: number;
  /** Requests per second over the last 10 s, from the first of them to now. */
  recentPerSecond: number;
}

export class RequestPacer {
  private bucket: Bucket | undefined;
  private requests = 0;
  private rateLimited = 0;
  private streak = 0;
  private longestStreak = 0;
  private readonly recent: number[] = [];

  constructor(
    readonly policy: BucketPolicy,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves once this request may go; callers are served in the order they asked. */
  async wait(): Promise<void> {
    // Each waiter takes its token (possibly going below zero) at once, so concurrent
    // senders queue in order rather than racing for the next token.
    const now = this.clock();
    const decision = takeToken(this.bucket, now, this.policy);
    let waitMs = 0;
    if (decision.allowed) this.bucket = decision.bucket;
    else {
      const current = refill(this.bucket, now, this.policy);
      this.bucket = { tokens: current.tokens - 1, atMs: current.atMs };
      waitMs = Math.ceil(((1 - current.tokens) / this.policy.perSecond) * 1000);
    }
    if (waitMs > 0) await this.sleep(waitMs);
    this.requests++;
    const sentAt = this.clock();
    this.recent.push(sentAt);
    this.forgetBefore(sentAt - RATE_WINDOW_MS);
  }

  /** OpenPhone answered: a 429 holds everyone back for `holdMs`; anything else ends a 429 streak. */
  answered(status: number, holdMs = 0): void {
    if (status !== 429) {
      this.streak = 0;
      return;
    }
    this.rateLimited++;
    this.streak++;
    this.longestStreak = Math.max(this.longestStreak, this.streak);
    if (holdMs > 0) {
      const current = refill(this.bucket, this.clock(), this.policy);
      this.bucket = { tokens: Math.min(current.tokens, 0) - (holdMs / 1000) * this.policy.perSecond, atMs: current.atMs };
    }
  }

  stats(): PacerStats {
    const now = this.clock();
    this.forgetBefore(now - RATE_WINDOW_MS);
    // Measured from the window's first request (idle before it is no slowness) to the last,
    // or to now once nothing went for a second (a pause lowers it).
    const first = this.recent[0];
    const last = this.recent.at(-1);
    const until = last === undefined || now - last > 1_000 ? now : last;
    const recentPerSecond = first === undefined || this.recent.length < 2 ? 0 : ((this.recent.length - 1) / Math.max(1, until - first)) * 1000;
    return { requests: this.requests, rateLimited: this.rateLimited, longest429Streak: this.longestStreak, recentPerSecond };
  }

  private forgetBefore(ms: number): void {
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]! <= ms) drop++;
    if (drop > 0) this.recent.splice(0, drop);
  }
}
