import { describe, expect, it } from 'vitest';
import { afterFailure } from '../../src/media/retry-schedule';

const policy = { baseMs: 2000, capMs: 300_000, alertAfterAttempts: 5, alertAfterMs: 600_000, slowMs: 1_800_000 };
const top = () => 0.999_999;

describe('after a failed download', () => {
  it('waits up to twice as long after each failure, capped, without alerting at first', () => {
    const waits = [1, 2, 3, 4].map((failures) => afterFailure(failures, 0, 1000, policy, top));
    expect(waits.map((wait) => wait.delayMs)).toEqual([1999, 3999, 7999, 15999]);
    expect(waits.every((wait) => !wait.alertDue)).toBe(true);
    expect(afterFailure(4, 0, 1000, { ...policy, alertAfterAttempts: 100, capMs: 5000 }, top).delayMs).toBe(4999);
  });

  it('calls for the alert after the fifth failure or ten minutes after the first try, then retries every 15 to 30 minutes', () => {
    const fifth = afterFailure(5, 0, 1000, policy, top);
    expect(fifth.alertDue).toBe(true);
    expect(fifth.delayMs).toBe(1_799_999);
    expect(afterFailure(5, 0, 1000, policy, () => 0).delayMs).toBe(900_000);
    expect(afterFailure(2, 0, 600_000, policy, top).alertDue).toBe(true);
    expect(afterFailure(2, 0, 599_999, policy, top).alertDue).toBe(false);
  });
});
