import { describe, expect, it } from 'vitest';
import { billingPeriodContaining, remainingIncludedSeconds } from './remaining-included-seconds';

const utc = (iso: string) => Date.parse(iso);

describe('billing periods anchored on the subscription start date', () => {
  it.each([
    ['monthly', '2026-01-15', '2026-03-20T12:00:00Z', '2026-03-15', '2026-04-15'],
    ['monthly', '2026-01-15', '2026-03-15T00:00:00Z', '2026-03-15', '2026-04-15'],
    ['monthly', '2026-01-15', '2026-03-14T23:59:59Z', '2026-02-15', '2026-03-15'],
    ['monthly', '2026-01-31', '2026-02-28T10:00:00Z', '2026-02-28', '2026-03-31'],
    ['monthly', '2026-01-31', '2026-04-30T10:00:00Z', '2026-04-30', '2026-05-31'],
    ['monthly', '2025-11-10', '2026-01-05T00:00:00Z', '2025-12-10', '2026-01-10'],
    ['annual', '2024-02-29', '2025-03-01T00:00:00Z', '2025-02-28', '2026-02-28'],
    ['annual', '2024-06-01', '2026-05-31T23:00:00Z', '2025-06-01', '2026-06-01'],
  ] as const)('a %s plan started %s is, at %s, in the period %s to %s', (period, start, now, from, to) => {
    expect(billingPeriodContaining(start, period, new Date(now))).toEqual({ startMs: utc(from), endMs: utc(to) });
  });

  it('has no period before the subscription starts', () => {
    expect(billingPeriodContaining('2026-05-01', 'monthly', new Date('2026-04-30T23:59:59Z'))).toBeNull();
  });
});

describe('included time remaining', () => {
  const plan = { includedSeconds: 9000, period: 'monthly' } as const;
  const subscription = { startDate: '2026-01-15' };
  const now = new Date('2026-03-20T12:00:00Z');

  it('subtracts completed call time of the current period only', () => {
    expect(
      remainingIncludedSeconds({
        plan,
        subscription,
        now,
        completedCallsThisPeriod: [
          { startedAtMs: utc('2026-03-16T09:00:00Z'), durationSeconds: 1200 },
          { startedAtMs: utc('2026-03-14T09:00:00Z'), durationSeconds: 3000 }, // last period
          { startedAtMs: utc('2026-03-18T09:00:00Z'), durationSeconds: 300 },
        ],
      }),
    ).toBe(9000 - 1500);
  });

  it('does not go below zero', () => {
    expect(
      remainingIncludedSeconds({ plan, subscription, now, completedCallsThisPeriod: [{ startedAtMs: utc('2026-03-16T09:00:00Z'), durationSeconds: 10_000 }] }),
    ).toBe(0);
  });
});
