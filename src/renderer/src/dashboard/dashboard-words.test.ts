import { describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../shared/api/dashboard';
import { busiestWords, dashboardCsv, hoursMinutes, minutesSeconds, percent } from './dashboard-words';

describe('dashboard figures in readable units', () => {
  it('reads totals as h:mm and a call as m:ss, never fractions of an hour', () => {
    expect(hoursMinutes(16)).toBe('0:00');
    expect(hoursMinutes(45 * 60)).toBe('0:45');
    expect(hoursMinutes(3_600 + 5 * 60)).toBe('1:05');
    expect(hoursMinutes(125 * 3_600)).toBe('125:00');
    expect(minutesSeconds(272)).toBe('4:32');
    expect(percent(0)).toBe('0 %');
    expect(percent(0.075)).toBe('7.5 %');
    expect(percent(0.25)).toBe('25 %');
    expect(busiestWords({ busiestWeekday: 0, busiestHour: 9 })).toBe('Mondays around 9:00');
  });

  it('exports the days and the top clients shown, quoting names with commas', () => {
    const summary = {
      from: '2026-11-01',
      to: '2026-11-02',
      currency: 'USD',
      days: [
        { day: '2026-11-01', calls: 3, missed: 1, talkSeconds: 600, billedSeconds: 660, subscriptionsMinor: 19_900, topUpsMinor: 0, usageMinor: 1_500 },
        { day: '2026-11-02', calls: 0, missed: 0, talkSeconds: 0, billedSeconds: 0, subscriptionsMinor: 0, topUpsMinor: 5_000, usageMinor: 0 },
      ],
      topClients: [{ customerId: 'c1', name: 'Lovelace, Ada', number: null, calls: 3, missed: 1, talkSeconds: 600, averageSeconds: 300, billedSeconds: 660, revenueMinor: 21_400, busiestWeekday: 6, busiestHour: 14 }],
    } as unknown as DashboardSummary;
    const lines = dashboardCsv(summary).split('\r\n');
    expect(lines[0]).toBe('day,calls,missed,talk minutes,billed minutes,subscriptions (USD),top-ups (USD),calls and texts (USD)');
    expect(lines[1]).toBe('2026-11-01,3,1,10.0,11.0,199.00,0.00,15.00');
    expect(lines[2]).toBe('2026-11-02,0,0,0.0,0.0,0.00,50.00,0.00');
    expect(lines[3]).toBe('');
    expect(lines[5]).toBe('"Lovelace, Ada",3,1,10.0,5.0,11.0,214.00,Sundays around 14:00');
  });
});
