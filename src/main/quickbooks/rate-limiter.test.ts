import { describe, expect, it } from 'vitest';
import { earliestSlot, QUICKBOOKS_RATE_LIMITS, rateWindows, SlidingWindowRateLimiter, type SentRequest } from './rate-limiter';
import { throttleDelay } from './retry-policy';

const windows = rateWindows(QUICKBOOKS_RATE_LIMITS);
const at = (times: number[], batch = false): SentRequest[] => times.map((atMs) => ({ atMs, batch }));

describe('the realm throttle (spec §8: 500/min, 10/s, 40 batches/min)', () => {
  it('lets ten requests through in a second and the eleventh a second after the first', () => {
    const ten = at(Array.from({ length: 10 }, (_, i) => 1_000 + i * 10));
    expect(earliestSlot(ten.slice(0, 9), false, 1_100, windows)).toBe(1_100);
    expect(earliestSlot(ten, false, 1_100, windows)).toBe(2_000);
  });

  it('holds the 501st request until the first leaves the minute', () => {
    const sent = at(Array.from({ length: 500 }, (_, i) => i * 110));
    expect(earliestSlot(sent, false, 55_000, windows)).toBe(60_000);
  });

  it('counts batches in a window of their own', () => {
    const batches = at(Array.from({ length: 40 }, (_, i) => i * 200), true);
    expect(earliestSlot(batches, false, 8_000, windows)).toBe(8_000);
    expect(earliestSlot(batches, true, 8_000, windows)).toBe(60_000);
  });

  it('never lets more than the limits through in any window, whatever the callers do', async () => {
    let nowMs = 0;
    const limiter = new SlidingWindowRateLimiter({ clock: () => nowMs, sleep: async (ms) => void (nowMs += ms) });
    const sent: number[] = [];
    for (let i = 0; i < 1_200; i++) {
      const slot = await limiter.acquire(i % 30 === 0);
      sent.push(nowMs);
      nowMs += 1;
      slot.answered();
    }
    for (const t of sent) {
      expect(sent.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(10);
      expect(sent.filter((s) => s >= t && s < t + 60_000).length).toBeLessThanOrEqual(500);
    }
    // and it runs at the limit, not below it: 500 a minute at 10 a second puts the 1,200th at about 140 s.
    expect(sent.at(-1)!).toBeLessThan(142_000);
  });
});

describe('retry waits', () => {
  it('waits 60 s after a 429 unless told otherwise', () => {
    expect(throttleDelay(null, { throttleWaitMs: 60_000 })).toBe(60_000);
    expect(throttleDelay(5_000, { throttleWaitMs: 60_000 })).toBe(5_000);
  });
});

describe("the company's windows shared between bookkeeper consoles (issue 11 §2)", () => {
  it('a console taking over counts what its predecessor sent: seeded with a full minute of batches, it waits for the oldest to leave', async () => {
    let nowMs = 100_000;
    const limiter = new SlidingWindowRateLimiter({ clock: () => nowMs, sleep: async (ms) => void (nowMs += ms) });
    limiter.seed(Array.from({ length: 40 }, (_, i) => ({ ageMs: 50_000 - i * 100, batch: true })));
    await limiter.acquire(false);
    expect(nowMs).toBe(100_000);
    await limiter.acquire(true);
    // The oldest inherited batch was sent at 50 s; it leaves the minute at 110 s.
    expect(nowMs).toBe(110_000);
  });

  it('reports what still counts, as ages, for the next holder', () => {
    let nowMs = 100_000;
    const limiter = new SlidingWindowRateLimiter({ clock: () => nowMs, sleep: async () => undefined });
    limiter.seed([{ ageMs: 59_000, batch: true }, { ageMs: 1_000, batch: false }]);
    nowMs += 2_000;
    expect(limiter.recent()).toEqual([{ ageMs: 3_000, batch: false }]);
  });

  it('reports a request still in flight as sent now: it may reach QuickBooks after the next holder starts counting', async () => {
    let nowMs = 100_000;
    const limiter = new SlidingWindowRateLimiter({ clock: () => nowMs, sleep: async () => undefined });
    const slot = await limiter.acquire(true);
    nowMs += 5_000;
    expect(limiter.recent()).toEqual([{ ageMs: 0, batch: true }]);
    slot.answered();
    nowMs += 1_000;
    expect(limiter.recent()).toEqual([{ ageMs: 1_000, batch: true }]);
  });

  it('asks the gate before every request and sends nothing it refuses, looking again at least every second while it waits', async () => {
    let nowMs = 0;
    let open = true;
    const sleeps: number[] = [];
    const limiter = new SlidingWindowRateLimiter({
      clock: () => nowMs,
      sleep: async (ms) => {
        sleeps.push(ms);
        nowMs += ms;
        if (nowMs >= 3_000) open = false;
      },
      limits: { requestsPerMinute: 500, requestsPerSecond: 10, batchRequestsPerMinute: 1 },
      gate: async () => {
        if (!open) throw new Error('another console syncs');
      },
    });
    await limiter.acquire(true);
    await expect(limiter.acquire(true)).rejects.toThrow('another console syncs');
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
    expect(limiter.recent()).toHaveLength(1);
  });
});
