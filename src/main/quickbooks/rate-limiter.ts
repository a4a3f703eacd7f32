import type { Clock } from '../../shared/clock';
import type { QuickBooksSentRequest } from '../../shared/relay-rest/quickbooks';

/**
 * The per-realm throttle of spec §8 on the client side: 500 requests a minute, 10 a second,
 * and 40 batch requests a minute, shared by every call of a console. Intuit counts sliding
 * windows, so this keeps the same windows rather than a token bucket: a bucket that may burst
 * B and refills at r admits B + r·60 in some minute, more than Intuit allows, and one that
 * may not burst runs far below the limit.
 *
 * A request is counted from when it was sent until its answer came back at the latest: the
 * server records its arrival somewhere in between, so counting the answer time never frees a
 * slot before the server does.
 *
 * The windows are the company's, not this console's (issue 11 §2): only the console holding
 * the relay's sync lease sends (`gate`, sync-lease.ts), it reports what it sent (`recent`),
 * and a console taking over counts what its predecessor spent (`seed`).
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
  /** Counts only batch requests. */
  batchOnly?: boolean;
}

export interface RateLimits {
  requestsPerMinute: number;
  requestsPerSecond: number;
  batchRequestsPerMinute: number;
}

export const QUICKBOOKS_RATE_LIMITS: RateLimits = { requestsPerMinute: 500, requestsPerSecond: 10, batchRequestsPerMinute: 40 };

export function rateWindows(limits: RateLimits): RateWindow[] {
  return [
    { limit: limits.requestsPerSecond, windowMs: 1_000 },
    { limit: limits.requestsPerMinute, windowMs: 60_000 },
    { limit: limits.batchRequestsPerMinute, windowMs: 60_000, batchOnly: true },
  ];
}

export interface SentRequest {
  /** When it last counted: its send time, then its answer time. */
  atMs: number;
  batch: boolean;
  /** Sent, not answered yet: it may reach the server any moment from now. */
  inFlight?: boolean;
}

/**
 * The earliest time ≥ now a request may be sent without passing any window. A window of
 * length W holding `limit` requests frees a slot W after the oldest of the newest `limit`.
 */
export function earliestSlot(sent: readonly SentRequest[], batch: boolean, nowMs: number, windows: readonly RateWindow[]): number {
  let slot = nowMs;
  for (const window of windows) {
    if (window.batchOnly && !batch) continue;
    const times = sent
      .filter((s) => !window.batchOnly || s.batch)
      .map((s) => s.atMs)
      .sort((a, b) => a - b);
    if (times.length < window.limit) continue;
    const oldestThatMatters = times[times.length - window.limit]!;
    slot = Math.max(slot, oldestThatMatters + window.windowMs);
  }
  return slot;
}

const GATE_RECHECK_MS = 1_000;

export interface RateLimiterDeps {
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  limits?: RateLimits;
  /** Awaited before every request; throws when this console may not talk to QuickBooks now. */
  gate?: () => Promise<void>;
}

/** A sent request's hold on the windows; `answered` moves it to the answer's time. */
export interface RateSlot {
  answered(): void;
}

export class SlidingWindowRateLimiter {
  private sent: SentRequest[] = [];
  private readonly windows: RateWindow[];
  private longestWindowMs: number;

  constructor(private readonly deps: RateLimiterDeps) {
    this.windows = rateWindows(deps.limits ?? QUICKBOOKS_RATE_LIMITS);
    this.longestWindowMs = Math.max(...this.windows.map((w) => w.windowMs));
  }

  /** Waits for a slot and takes it; call `answered()` when the response (or failure) is in. */
  async acquire(batch: boolean): Promise<RateSlot> {
    for (;;) {
      await this.deps.gate?.();
      const now = this.deps.clock();
      this.sent = this.sent.filter((s) => s.atMs > now - this.longestWindowMs);
      const slot = earliestSlot(this.sent, batch, now, this.windows);
      if (slot <= now) {
        const entry: SentRequest = { atMs: now, batch, inFlight: true };
        this.sent.push(entry);
        return {
          answered: () => {
            entry.atMs = Math.max(entry.atMs, this.deps.clock());
            entry.inFlight = false;
          },
        };
      }
      // Another caller may take the slot meanwhile: look again after waking. Behind a gate, at
      // least every second, so a console that lost its turn (or stopped) does not sleep out a minute.
      await this.deps.sleep(this.deps.gate === undefined ? slot - now : Math.min(slot - now, GATE_RECHECK_MS));
    }
  }

  /** Requests another console sent for the company, `ageMs` ago: they count here too. */
  seed(requests: readonly QuickBooksSentRequest[]): void {
    const now = this.deps.clock();
    for (const request of requests) this.sent.push({ atMs: now - request.ageMs, batch: request.batch });
  }

  /**
   * What this console's requests still count against the windows, for the relay's lease (at
   * most the minute's). One still in flight counts as sent now: it may reach QuickBooks after
   * the next holder has started counting.
   */
  recent(): QuickBooksSentRequest[] {
    const now = this.deps.clock();
    return this.sent
      .filter((s) => s.atMs > now - this.longestWindowMs)
      .slice(-1_000)
      .map((s) => ({ ageMs: s.inFlight ? 0 : Math.min(this.longestWindowMs, Math.max(0, Math.floor(now - s.atMs))), batch: s.batch }));
  }

  /** Requests that count against the windows now (for the status page and tests). */
  inWindow(): number {
    const now = this.deps.clock();
    return this.sent.filter((s) => s.atMs > now - 60_000).length;
  }
}
