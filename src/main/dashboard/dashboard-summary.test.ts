import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerUpserted as upserted, planWith, rateCardDefined, subscriptionWith, talked, unanswered, walletCredited } from '../../../tests/support/event-builders';
import type { RingsideEvent } from '../../shared/events/model';
import { applyWithDueDates } from '../card/open-invoices';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { dashboardSummary } from './dashboard-summary';

const ADA = '+16175550100';
const GRACE = '+16175550101';
const STRANGER = '+14155550123';
// Whatever the builder fills in, a customer here has no emails.
const customerUpserted = (id: string, name: string, phones: string[]) => {
  const event = upserted(id, name, phones);
  return { ...event, data: { ...event.data, emails: [] } };
};
const NEW_YORK = { timeZone: 'America/New_York', days: { mon: { open: '00:00', close: '23:59' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } };

describe('the dashboard summary, summed by SQLite', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    seq = 0;
  });
  afterEach(() => db.close());
  function apply(events: RingsideEvent[]): void {
    applyWithDueDates(db, events.map((event) => ({ seq: ++seq, event })));
  }

  it('calls on Monday 9–10 in New York show in the Monday 9:00 cell, on either side of the clock change', () => {
    apply([rateCardDefined({ businessHours: NEW_YORK }, '2026-01-01T00:00:00Z'), customerUpserted('c-ada', 'Ada Lovelace', [ADA])]);
    // Monday 2 March 2026, 9:15 EST = 14:15 UTC; Monday 9 March, after the change, 9:40 EDT = 13:40 UTC.
    apply([talked('call-1', ADA, '2026-03-02T14:15:00Z', 600), talked('call-2', ADA, '2026-03-09T13:40:00Z', 300), unanswered('call-3', STRANGER, '2026-03-09T13:59:00Z')]);
    const summary = dashboardSummary(db, { from: '2026-03-01', to: '2026-03-14', top: 5 });
    expect(summary.timeZone).toBe('America/New_York');
    expect(summary.heatmap[0]![9]).toBe(3);
    expect(summary.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(summary.calls).toBe(3);
    expect(summary.missed).toBe(1);
    expect(summary.missedRate).toBeCloseTo(1 / 3);
    // The answered calls' mean talk time; the missed one is not a zero-second call.
    expect(summary.averageSeconds).toBe(450);
    expect(summary.days.find((d) => d.day === '2026-03-09')).toMatchObject({ calls: 2, missed: 1, talkSeconds: 300 });
    expect(summary.days).toHaveLength(14);
    expect(summary.topClients[0]).toMatchObject({ name: 'Ada Lovelace', calls: 2, missed: 0, talkSeconds: 900, averageSeconds: 450, busiestWeekday: 0, busiestHour: 9 });
    expect(summary.topClients[1]).toMatchObject({ customerId: null, number: STRANGER, calls: 1, missed: 1 });
  });

  it('a call at 23:30 on Sunday in New York is Sunday, though it is Monday in UTC', () => {
    apply([rateCardDefined({ businessHours: NEW_YORK }, '2026-01-01T00:00:00Z'), talked('call-1', ADA, '2026-03-16T03:30:00Z', 60)]);
    const summary = dashboardSummary(db, { from: '2026-03-15', to: '2026-03-16', top: 5 });
    expect(summary.heatmap[6]![23]).toBe(1);
    expect(summary.days.map((d) => [d.day, d.calls])).toEqual([['2026-03-15', 1], ['2026-03-16', 0]]);
  });

  it('revenue counts subscriptions, top-ups and pay-per-call once each; calls paid from the wallet are not counted again', () => {
    apply([
      planWith('hours', { includedSeconds: 3_600, priceMinor: 19_900 }, '2026-01-01T00:00:00Z'),
      customerUpserted('c-ada', 'Ada Lovelace', [ADA]),
      customerUpserted('c-grace', 'Grace Hopper', [GRACE]),
      subscriptionWith('s-ada', 'c-ada', 'hours', '2026-03-01', { at: '2026-03-01T00:00:00Z' }),
      walletCredited('w-grace', 'c-grace', 5_000, { at: '2026-03-02T10:00:00Z' }),
    ]);
    // Ada talks within her included hour; Grace's ten minutes at $3.00 ($30) come from her $50 wallet;
    // the stranger's five minutes are pay-per-call ($15).
    apply([talked('call-ada', ADA, '2026-03-03T15:00:00Z', 1_200), talked('call-grace', GRACE, '2026-03-03T16:00:00Z', 600), talked('call-stranger', STRANGER, '2026-03-03T17:00:00Z', 300)]);
    const summary = dashboardSummary(db, { from: '2026-03-01', to: '2026-03-31', top: 5 });
    expect(summary.revenue).toEqual({ subscriptionsMinor: 19_900, topUpsMinor: 5_000, usageMinor: 1_500, totalMinor: 26_400 });
    const days = summary.days;
    expect(days.reduce((s, d) => s + d.subscriptionsMinor + d.topUpsMinor + d.usageMinor, 0)).toBe(26_400);
    expect(days.find((d) => d.day === '2026-03-01')?.subscriptionsMinor).toBe(19_900);
    expect(days.find((d) => d.day === '2026-03-02')?.topUpsMinor).toBe(5_000);
    expect(days.find((d) => d.day === '2026-03-03')).toMatchObject({ usageMinor: 1_500, talkSeconds: 2_100 });
    const byName = new Map(summary.topClients.map((c) => [c.name ?? c.number, c]));
    expect(byName.get('Ada Lovelace')).toMatchObject({ talkSeconds: 1_200, revenueMinor: 19_900 });
    expect(byName.get('Grace Hopper')).toMatchObject({ talkSeconds: 600, revenueMinor: 5_000 });
    expect(byName.get(STRANGER)).toMatchObject({ talkSeconds: 300, revenueMinor: 1_500 });
    expect(summary.topClients.map((c) => c.talkSeconds)).toEqual([1_200, 600, 300]);
  });

  it('an empty range answers zeros for every day, never a division by zero', () => {
    const summary = dashboardSummary(db, { from: '2026-03-01', to: '2026-03-07', top: 5 });
    expect(summary).toMatchObject({ calls: 0, missedRate: 0, averageSeconds: 0, timeZone: 'UTC', topClients: [] });
    expect(summary.days.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
  });
});
