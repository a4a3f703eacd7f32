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
