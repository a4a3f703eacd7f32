import { describe, expect, it } from 'vitest';
import type { CardBilling } from '../../../shared/card';
import { costOfSeconds, projectIfEndedNow } from './if-ended-now';

const sixMinutes = { incrementSeconds: 360, minimumBillableSeconds: 0, graceSeconds: 0 };
const payAsYouGo = { incrementSeconds: 60, minimumBillableSeconds: 60, graceSeconds: 30 };

function billing(extra: Partial<CardBilling>): CardBilling {
  return {
    subscription: null,
    wallet: null,
    rate: { kind: 'pay_per_call', amountMinor: 300, per: 'minute', perCallFeeMinor: 0, currency: 'USD' },
    rounding: payAsYouGo,
    banners: [],
    ...extra,
  };
}

describe('the live projection on the card', () => {
  it('a subscriber with 2 h 10 min sees 1 h 58 min left after 11 min 5 s at 6-min increments', () => {
    const subscriber = billing({
      subscription: { state: 'active', periodStartsOn: '2026-03-01', periodEndsOn: '2026-04-01', availableSeconds: 7800, rolloverSeconds: 0 },
      rounding: sixMinutes,
    });
    expect(projectIfEndedNow(subscriber, 665)).toEqual({ kind: 'time_left', remainingSeconds: 7080, overageSeconds: 0 });
  });

  it('a subscriber past their hours sees the overage', () => {
    const subscriber = billing({
      subscription: { state: 'active', periodStartsOn: null, periodEndsOn: null, availableSeconds: 60, rolloverSeconds: 0 },
      rounding: sixMinutes,
    });
    expect(projectIfEndedNow(subscriber, 100)).toEqual({ kind: 'time_left', remainingSeconds: 0, overageSeconds: 300 });
  });

  it('a non-subscriber sees the price, with the per-call fee; under the grace time it is free', () => {
    const caller = billing({ rate: { kind: 'pay_per_call', amountMinor: 300, per: 'minute', perCallFeeMinor: 150, currency: 'USD' } });
    expect(projectIfEndedNow(caller, 90)).toEqual({ kind: 'cost', amountMinor: 750, currency: 'USD' });
    expect(projectIfEndedNow(caller, 10)).toEqual({ kind: 'cost', amountMinor: 0, currency: 'USD' });
  });

  it('an hourly rate is rounded once, half to even', () => {
    const hourly = { kind: 'overage' as const, amountMinor: 9000, per: 'hour' as const, perCallFeeMinor: 0, currency: 'USD' };
    expect(costOfSeconds(1, hourly)).toBe(2); // 2.5 → 2
    expect(costOfSeconds(3, hourly)).toBe(8); // 7.5 → 8
    expect(costOfSeconds(3600, hourly)).toBe(9000);
  });
});
