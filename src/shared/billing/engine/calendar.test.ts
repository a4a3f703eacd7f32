import { describe, expect, it } from 'vitest';
import { invoicingMonthAt, nthPeriod, periodIndexAt } from './calendar';

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
    const index = periodIndexAt(start, period, Date.parse(now));
    expect(index === null ? null : nthPeriod(start, period, index)).toEqual({ startsOn: from, endsOn: to });
  });

  it('has no period before the subscription starts', () => {
    expect(periodIndexAt('2026-05-01', 'monthly', Date.parse('2026-04-30T23:59:59Z'))).toBeNull();
  });

  it('invoices usage from the chosen day of one month to the same day of the next', () => {
    expect(invoicingMonthAt(5, Date.parse('2026-01-04T23:00:00Z'))).toEqual({ startsOn: '2025-12-05', endsOn: '2026-01-05' });
    expect(invoicingMonthAt(5, Date.parse('2026-01-05T00:00:00Z'))).toEqual({ startsOn: '2026-01-05', endsOn: '2026-02-05' });
  });
});
