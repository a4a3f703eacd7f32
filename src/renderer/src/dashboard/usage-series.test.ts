import { describe, expect, it } from 'vitest';
import type { ChargeRow } from '../../../shared/api/billing';
import { dailySeries, topCustomers } from './usage-series';

describe('usage per day', () => {
  it('every day of the window is there, days without calls at zero', () => {
    const series = dailySeries([{ day: '2026-03-01', billedSeconds: 5400, amountMinor: 900 }], 3, new Date('2026-03-02T18:00:00Z'));
    expect(series).toEqual([
      { day: '2026-02-28', hours: 0, billedSeconds: 0, amountMinor: 0 },
      { day: '2026-03-01', hours: 1.5, billedSeconds: 5400, amountMinor: 900 },
      { day: '2026-03-02', hours: 0, billedSeconds: 0, amountMinor: 0 },
    ]);
  });
});

function charge(id: string, customer: string | null, seconds: number, minor: number, extra: Partial<ChargeRow> = {}): ChargeRow {
  return {
    chargeId: id,
    callId: `call-${id}`,
    customerId: customer,
    customerName: customer ? customer.toUpperCase() : null,
    number: '+16175550100',
    startedAt: '2026-03-02T10:00:00Z',
    rawSeconds: seconds,
    billableSeconds: seconds,
    lines: [],
    totalMinor: minor,
    currency: 'USD',
    trace: [],
    reversesChargeId: null,
    reversedByChargeId: null,
    ...extra,
  };
}

describe('top customers', () => {
  it('sums billed time per customer, most first; a reversal cancels its original; older charges are left out', () => {
    const top = topCustomers(
      [
        charge('1', 'ada', 600, 0),
        charge('2', 'grace', 1200, 0),
        charge('3', 'ada', 1200, 0, { reversedByChargeId: '4' }),
        charge('4', 'ada', -1200, 0, { reversesChargeId: '3' }),
        charge('5', null, 120, 600),
        charge('6', 'grace', 3600, 0, { startedAt: '2026-01-01T00:00:00Z' }),
      ],
      '2026-02-01T00:00:00Z',
      10,
    );
    expect(top.map((entry) => [entry.name, entry.billedSeconds, entry.amountMinor])).toEqual([
      ['GRACE', 1200, 0],
      ['ADA', 600, 0],
      ['Unknown +16175550100', 120, 600],
    ]);
  });
});
