import { describe, expect, it } from 'vitest';
import { dailySeries, topCustomerBars } from './usage-series';

describe('usage per day', () => {
  it('every day of the window is there, days without calls at zero', () => {
    const series = dailySeries([{ day: '2026-03-01', billedSeconds: 5400, amountMinor: 900 }], 3, new Date('2026-03-02T18:00:00Z'));
    expect(series).toEqual([
      { day: '2026-02-28', billedSeconds: 0, amountMinor: 0 },
      { day: '2026-03-01', billedSeconds: 5400, amountMinor: 900 },
      { day: '2026-03-02', billedSeconds: 0, amountMinor: 0 },
    ]);
  });
});

describe('top customers', () => {
  it('become bars of billed time, in the order the core summed them; an unknown caller is named by number', () => {
    const bars = topCustomerBars([
      { customerId: 'c-grace', number: null, name: 'Grace Hopper', billedSeconds: 5400, amountMinor: 0 },
      { customerId: null, number: '+16175550100', name: null, billedSeconds: 120, amountMinor: 600 },
    ]);
    expect(bars).toEqual([
      { key: 'c-grace', name: 'Grace Hopper', billedSeconds: 5400, amountMinor: 0 },
      { key: 'number:+16175550100', name: 'Unknown +1 617 555 0100', billedSeconds: 120, amountMinor: 600 },
    ]);
  });
});
