import type { Clock } from '../../../../../src/shared/clock';
import { refill, takeToken, type Bucket, type BucketPolicy } from '../../../http/rate-limit/token-bucket';

/**
 * OpenPhone allows 10 requests per second per API key and answers 429 beyond (spec
 * telephony-providers §1.9). Every request the relay makes with its key waits here for a
 * token first, so a burst of sends is spread out instead of refused. One less than the
 * limit: requests reach OpenPhone bunched up by the network, and the spare token absorbs it.
 */
export const OPENPHONE_REQUEST_PACE: BucketPolicy = { perSecond: 9, burst: 9 };

export class RequestPacer {
  private bucket: Bucket | undefined;

  constructor(
    private readonly policy: BucketPolicy,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves once this request may go; callers are served in the order they asked. */
  async wait(): Promise<void> {
    // Each waiter takes its token (possibly going below zero) at once, so concurrent
    // senders queue in order rather than racing for the next token.
    const now = this.clock();
    const decision = takeToken(this.bucket, now, this.policy);
    if (decision.allowed) {
      this.bucket = decision.bucket;
      return;
    }
    const current = refill(this.bucket, now, this.policy);
    this.bucket = { tokens: current.tokens - 1, atMs: current.atMs };
    await this.sleep(Math.ceil(((1 - current.tokens) / this.policy.perSecond) * 1000));
  }
}
