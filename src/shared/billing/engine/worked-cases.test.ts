import { describe, expect, it } from 'vitest';
import {
  adjustmentRecorded,
  callCorrected,
  customerUpserted,
  planWith,
  policyDefined,
  rateCardDefined,
  ringing,
  subscriptionCancelled,
  subscriptionChanged,
  subscriptionWith,
  talked,
  unanswered,
  walletCredited,
} from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';

/** The owner's worked cases (issue 3 §5): each one a call, and what the owner expects on the bill. */

const ADA = '+16175550100';
const NORA = '+16175550122';
const STRANGER = '+14155550199';
const H = 3600;
const MIN = 60;

function subscriber(rules: Parameters<typeof planWith>[1], startDate = '2026-01-15'): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(planWith('plan', rules), customerUpserted('c-ada', 'Ada', [ADA]), subscriptionWith('s-ada', 'c-ada', 'plan', startDate));
  return ledger;
}

function lastCharge(ledger: MemoryLedger) {
  const all = ledger.charges.all();
  return all[all.length - 1]!;
}

describe('a subscriber’s calls come off included hours', () => {
  it('a subscriber with 2.5 h left calling for 20 minutes leaves 2 h 10 min', () => {
    const ledger = subscriber({ includedSeconds: 2.5 * H });
    ledger.apply(talked('call-1', ADA, '2026-03-20T11:40:00Z', 20 * MIN));
    expect(ledger.view('c-ada', '2026-03-20T12:00:00Z').subscription?.remainingSeconds).toBe(2 * H + 10 * MIN);
    expect(lastCharge(ledger)).toMatchObject({ rawSeconds: 1200, billableSeconds: 1200, totalMinor: 0, lines: [{ bucket: 'included', seconds: 1200 }] });
  });

  it('at a 6-minute increment, 7 min 10 s bills 12 min from included hours and says so', () => {
    const ledger = subscriber({ includedSeconds: 3 * H, incrementSeconds: 360 });
    ledger.apply(talked('call-1', ADA, '2026-03-20T11:40:00Z', 7 * MIN + 10));
    expect(lastCharge(ledger).trace).toEqual(['7 min 10 s talk', '→ 12 min at 6-min increment', '12 min from included hours; 2 h 48 min left']);
    expect(ledger.view('c-ada', '2026-03-20T12:00:00Z').subscription?.remainingSeconds).toBe(2 * H + 48 * MIN);
  });

  it.each([
    ['exactly 12 min at a 6-min increment bills 12 min', 12 * MIN, 12 * MIN],
    ['12 min 1 s at a 6-min increment bills 18 min', 12 * MIN + 1, 18 * MIN],
    ['1 s at a 6-min increment bills 6 min', 1, 6 * MIN],
    ['0 s answered bills nothing', 0, 0],
  ])('%s', (_name, talk, billable) => {
    const ledger = subscriber({ includedSeconds: 3 * H, incrementSeconds: 360 });
    ledger.apply(talked('call-1', ADA, '2026-03-20T11:40:00Z', talk));
    expect(lastCharge(ledger).billableSeconds).toBe(billable);
    expect(ledger.view('c-ada', '2026-03-20T12:00:00Z').subscription?.remainingSeconds).toBe(3 * H - billable);
  });

  it('a 20-second call with a 1-minute minimum and 1-second increment bills 1 min', () => {
    const ledger = subscriber({ includedSeconds: H, incrementSeconds: 1, minimumBillableSeconds: 60 });
    ledger.apply(talked('call-1', ADA, '2026-03-20T11:40:00Z', 20));
    expect(lastCharge(ledger)).toMatchObject({ billableSeconds: 60, trace: ['20 s talk', '→ 1 min minimum', '1 min from included hours; 59 min left'] });
  });

  it('calls under the 30-second grace are free, but only the first 2 each period', () => {
    const ledger = subscriber({ includedSeconds: H, graceSeconds: 30, graceCallsPerPeriod: 2 });
    ledger.apply(talked('g1', ADA, '2026-03-16T10:00:00Z', 20), talked('g2', ADA, '2026-03-16T11:00:00Z', 29), talked('g3', ADA, '2026-03-16T12:00:00Z', 10));
    const [g1, g2, g3] = ledger.charges.all();
    expect(g1).toMatchObject({ billableSeconds: 0, graceFrom: 'period', trace: ['20 s talk', 'free: shorter than the 30 s grace (grace call 1 of 2 this period)'] });
    expect(g2).toMatchObject({ billableSeconds: 0, graceFrom: 'period' });
    expect(g3).toMatchObject({ billableSeconds: 60, graceFrom: null });
    expect(g3!.trace).toContain('no grace left this period (2 used)');
    // The next period has its grace back.
    ledger.apply(talked('g4', ADA, '2026-04-16T10:00:00Z', 10));
    expect(lastCharge(ledger)).toMatchObject({ billableSeconds: 0, graceFrom: 'period' });
  });

  it('a call of exactly the grace time is billed (grace is for shorter calls)', () => {
    const ledger = subscriber({ includedSeconds: H, graceSeconds: 30 });
    ledger.apply(talked('call-1', ADA, '2026-03-16T10:00:00Z', 30));
    expect(lastCharge(ledger).billableSeconds).toBe(60);
  });

  it('missed calls and voicemails are free unless the plan bills them', () => {
    const free = subscriber({ includedSeconds: H });
    free.apply(unanswered('m1', ADA, '2026-03-16T10:00:00Z'), unanswered('v1', ADA, '2026-03-16T11:00:00Z', true));
    expect(free.charges.all().map((c) => c.trace)).toEqual([['Missed call — not billed'], ['Voicemail — not billed']]);
    expect(free.view('c-ada', '2026-03-17T00:00:00Z').subscription?.remainingSeconds).toBe(H);

    const billed = subscriber({ includedSeconds: H, billMissedCalls: true, billVoicemails: true, incrementSeconds: 360, minimumBillableSeconds: 0 });
    billed.apply(unanswered('m1', ADA, '2026-03-16T10:00:00Z'), unanswered('v1', ADA, '2026-03-16T11:00:00Z', true));
    expect(billed.charges.all().map((c) => c.billableSeconds)).toEqual([360, 360]);
    expect(billed.charges.all()[0]!.trace[0]).toBe('Missed call — billed one increment: 6 min');
  });

  it('a subscriber with 10 min left calling for 25 minutes pays 15 min of overage at the plan rate', () => {
    const ledger = subscriber({ includedSeconds: 10 * MIN, overageRatePerHourMinor: 12000 });
    ledger.apply(talked('call-1', ADA, '2026-03-20T11:00:00Z', 25 * MIN));
    expect(lastCharge(ledger)).toMatchObject({
      lines: [
        { bucket: 'included', seconds: 600, amountMinor: 0 },
        { bucket: 'overage', seconds: 900, amountMinor: 3000 },
      ],
      totalMinor: 3000,
      owedMinor: 3000,
    });
    expect(lastCharge(ledger).trace).toContain('15 min overage at $120.00/h: $30.00');
    expect(ledger.view('c-ada', '2026-03-20T12:00:00Z').subscription?.remainingSeconds).toBe(0);
  });

  it('a plan with a per-call fee adds it as its own line when the call bills time', () => {
    const ledger = subscriber({ includedSeconds: H, perCallFeeMinor: 250 });
    ledger.apply(talked('call-1', ADA, '2026-03-20T11:00:00Z', 90), unanswered('missed', ADA, '2026-03-20T11:30:00Z'));
    const [call, missed] = ledger.charges.all();
    expect(call!.lines).toEqual([
      { bucket: 'included', seconds: 120, amountMinor: 0, currency: 'USD' },
      { bucket: 'fee', seconds: 0, amountMinor: 250, currency: 'USD' },
    ]);
    expect(missed!.lines).toEqual([]);
  });
});

describe('callers without a subscription pay per call', () => {
  it('an unknown caller talking 7 min 10 s pays 8 min at $3.00/min', () => {
    const ledger = new MemoryLedger();
    ledger.apply(talked('call-1', STRANGER, '2026-03-20T11:00:00Z', 7 * MIN + 10));
    expect(lastCharge(ledger)).toMatchObject({
      customerId: null,
      billableSeconds: 480,
      totalMinor: 2400,
      trace: ['Unknown caller: pay-per-call', '7 min 10 s talk', '→ 8 min at 1-min increment', '8 min pay-per-call at $3.00/min: $24.00'],
    });
  });

  it('an unknown caller’s 20-second call is free under the rate card’s 30-second grace', () => {
    const ledger = new MemoryLedger();
    ledger.apply(talked('call-1', STRANGER, '2026-03-20T11:00:00Z', 20));
    expect(lastCharge(ledger)).toMatchObject({ billableSeconds: 0, totalMinor: 0 });
  });

  it('a per-call fee on the rate card is billed beside the time', () => {
    const ledger = new MemoryLedger();
    ledger.apply(rateCardDefined({ perCallFeeMinor: 150 }), talked('call-1', STRANGER, '2026-03-20T11:00:00Z', 150));
    expect(lastCharge(ledger)).toMatchObject({ billableSeconds: 180, totalMinor: 900 + 150, owedMinor: 1050 });
  });

  it('a customer without a subscription pays from the wallet first', () => {
    const ledger = new MemoryLedger();
    ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), walletCredited('top-1', 'c-nora', 5000), talked('call-1', NORA, '2026-03-20T11:00:00Z', 5 * MIN));
    expect(lastCharge(ledger)).toMatchObject({ lines: [{ bucket: 'wallet', seconds: 300, amountMinor: 1500 }], owedMinor: 0, totalMinor: 1500 });
    expect(ledger.view('c-nora', '2026-03-21T00:00:00Z').wallet).toEqual({ balanceMinor: 3500, currency: 'USD', low: false, exhausted: false, planCredit: null });
  });
});

describe('a wallet running dry mid-call', () => {
  const call = () => talked('call-1', NORA, '2026-03-20T11:00:00Z', 7 * MIN + 10);

  it('with bill_overage, the wallet pays what it can and the rest is pay-per-call', () => {
    const ledger = new MemoryLedger();
    ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), walletCredited('top-1', 'c-nora', 1000), call());
    expect(lastCharge(ledger).lines).toEqual([
      { bucket: 'wallet', seconds: 200, amountMinor: 1000, currency: 'USD' },
      { bucket: 'pay_per_call', seconds: 280, amountMinor: 1400, currency: 'USD' },
    ]);
    expect(ledger.view('c-nora', '2026-03-21T00:00:00Z').wallet).toMatchObject({ balanceMinor: 0, low: true, exhausted: true });
  });

  it('with allow_negative, the wallet pays it all and goes below zero', () => {
    const ledger = new MemoryLedger();
    ledger.apply(policyDefined({ walletDryPolicy: 'allow_negative' }), customerUpserted('c-nora', 'Nora', [NORA]), walletCredited('top-1', 'c-nora', 1000), call());
    expect(lastCharge(ledger).lines).toEqual([{ bucket: 'wallet', seconds: 480, amountMinor: 2400, currency: 'USD' }]);
    expect(lastCharge(ledger).trace).toContain('8 min from the wallet at $3.00/min: $24.00; balance exhausted (-$14.00)');
    expect(ledger.view('c-nora', '2026-03-21T00:00:00Z').wallet).toMatchObject({ balanceMinor: -1400, exhausted: true });
    // The next top-up pays the debt first.
    ledger.apply(walletCredited('top-2', 'c-nora', 2000, { at: '2026-03-22T00:00:00Z' }));
    expect(ledger.view('c-nora', '2026-03-23T00:00:00Z').wallet?.balanceMinor).toBe(600);
  });

  it('a subscriber out of included time uses the wallet before overage', () => {
    const ledger = subscriber({ includedSeconds: 5 * MIN, overageRatePerHourMinor: 6000 });
    ledger.apply(walletCredited('top-1', 'c-ada', 500), talked('call-1', ADA, '2026-03-20T11:00:00Z', 20 * MIN));
    expect(lastCharge(ledger).lines).toEqual([
      { bucket: 'included', seconds: 300, amountMinor: 0, currency: 'USD' },
      { bucket: 'wallet', seconds: 300, amountMinor: 500, currency: 'USD' },
      { bucket: 'overage', seconds: 600, amountMinor: 1000, currency: 'USD' },
    ]);
  });
});

describe('wallet credit that expires', () => {
  it('usage takes the granted credit first; what is left of it expires on its date', () => {
    const ledger = new MemoryLedger();
    ledger.apply(
      customerUpserted('c-nora', 'Nora', [NORA]),
      walletCredited('top-1', 'c-nora', 2000),
      walletCredited('grant-1', 'c-nora', 500, { kind: 'grant', expiresOn: '2026-04-01' }),
      talked('call-1', NORA, '2026-03-10T11:00:00Z', 60),
    );
    expect(ledger.view('c-nora', '2026-03-31T23:59:59Z').wallet?.balanceMinor).toBe(2200);
    // The reader's clock expires it without an event...
    expect(ledger.view('c-nora', '2026-04-01T00:00:00Z').wallet?.balanceMinor).toBe(2000);
    // ...and the log does once an event passes the date.
    const effects = ledger.apply(ringing('later', STRANGER, '2026-04-02T09:00:00Z'));
    expect(effects.walletEntries).toEqual([
      expect.objectContaining({ kind: 'expiry', amountMinor: -200, balanceAfterMinor: 2000, atMs: Date.parse('2026-04-01T00:00:00Z') }),
    ]);
  });
});

describe('periods, renewal and rollover', () => {
  const period1Call = () => talked('p1', ADA, '2026-01-20T10:00:00Z', H);

  it.each([
    ['none', { policy: 'none' } as const, 3 * H],
    ['capped at 1 h', { policy: 'capped', capSeconds: H } as const, 4 * H],
    ['full', { policy: 'full' } as const, 5 * H],
  ])('with rollover %s, a subscriber who used 1 h of 3 h starts the next period with the right time', (_name, rollover, expected) => {
    const ledger = subscriber({ includedSeconds: 3 * H, rollover });
    ledger.apply(period1Call());
    expect(ledger.view('c-ada', '2026-02-15T00:00:00Z').subscription?.remainingSeconds).toBe(expected);
  });

  it('rolled-over time is used first and lasts one period only', () => {
    const ledger = subscriber({ includedSeconds: 3 * H, rollover: { policy: 'full' } });
    ledger.apply(period1Call(), talked('p2', ADA, '2026-02-20T10:00:00Z', 30 * MIN));
    expect(lastCharge(ledger).trace).toContain('30 min from rolled-over hours; 1 h 30 min left');
    // At the next renewal only this period's unused included time (all 3 h) rolls, not the old rollover.
    expect(ledger.view('c-ada', '2026-03-15T00:00:00Z').subscription).toMatchObject({ rolloverSeconds: 3 * H, remainingSeconds: 6 * H });
  });

  it('a subscription started on Jan 31 renews on Feb 28, then Mar 31', () => {
    const ledger = subscriber({ includedSeconds: 2 * H }, '2026-01-31');
    ledger.apply(talked('jan', ADA, '2026-02-27T10:00:00Z', H));
    expect(ledger.view('c-ada', '2026-02-27T23:59:59Z').subscription).toMatchObject({ periodStartsOn: '2026-01-31', periodEndsOn: '2026-02-28', remainingSeconds: H });
    expect(ledger.view('c-ada', '2026-02-28T00:00:00Z').subscription).toMatchObject({ periodStartsOn: '2026-02-28', periodEndsOn: '2026-03-31', remainingSeconds: 2 * H });
    expect(ledger.view('c-ada', '2026-03-31T00:00:00Z').subscription).toMatchObject({ periodStartsOn: '2026-03-31', periodEndsOn: '2026-04-30' });
  });

  it('a plan change starts a new period on its date with the new plan’s full time and a new subscription invoice', () => {
    const ledger = new MemoryLedger();
    ledger.apply(
      planWith('basic', { includedSeconds: 2 * H, rollover: { policy: 'capped', capSeconds: H } }),
      planWith('pro', { includedSeconds: 5 * H, priceMinor: 49900 }),
      customerUpserted('c-ada', 'Ada', [ADA]),
      subscriptionWith('s-ada', 'c-ada', 'basic', '2026-01-15'),
      talked('feb', ADA, '2026-02-20T10:00:00Z', 30 * MIN),
    );
    const effects = ledger.apply(subscriptionChanged('s-ada', 'pro', '2026-03-01', '2026-03-01T09:00:00Z'));
    expect(ledger.view('c-ada', '2026-03-01T10:00:00Z').subscription).toMatchObject({
      planId: 'pro',
      periodStartsOn: '2026-03-01',
      periodEndsOn: '2026-04-01',
      includedSeconds: 5 * H,
      // Feb's 2 h of included time were untouched (the call used rolled-over time): 1 h rolls, per basic's cap.
      rolloverSeconds: H,
      remainingSeconds: 6 * H,
    });
    expect(effects.invoices).toEqual([expect.objectContaining({ invoiceKey: 'sub:s-ada:2026-03-01', totalMinor: 49900, status: 'ready' })]);
  });

  it('after a cancellation takes effect, the customer pays per call', () => {
    const ledger = subscriber({ includedSeconds: 3 * H });
    ledger.apply(subscriptionCancelled('s-ada', '2026-03-10', '2026-03-05T00:00:00Z'), talked('before', ADA, '2026-03-09T10:00:00Z', 10 * MIN));
    expect(lastCharge(ledger).lines[0]!.bucket).toBe('included');
    ledger.apply(talked('after', ADA, '2026-03-12T10:00:00Z', 10 * MIN));
    expect(lastCharge(ledger).lines).toEqual([{ bucket: 'pay_per_call', seconds: 600, amountMinor: 3000, currency: 'USD' }]);
    expect(ledger.view('c-ada', '2026-03-12T11:00:00Z').subscription).toMatchObject({ state: 'cancelled', remainingSeconds: 0 });
  });

  it('a subscription that does not renew expires at the end of its first period', () => {
    const ledger = new MemoryLedger();
    ledger.apply(planWith('plan', { includedSeconds: H }), customerUpserted('c-ada', 'Ada', [ADA]), subscriptionWith('s-ada', 'c-ada', 'plan', '2026-01-15', { renewal: 'end' }));
    expect(ledger.view('c-ada', '2026-02-14T00:00:00Z').subscription).toMatchObject({ state: 'active', nextRenewalOn: null });
    expect(ledger.view('c-ada', '2026-02-15T00:00:00Z').subscription).toMatchObject({ state: 'expired' });
  });

  it('every renewal drafts the subscription invoice of its period', () => {
    const ledger = new MemoryLedger();
    const effects = ledger.apply(
      planWith('plan', { includedSeconds: H, priceMinor: 19900 }),
      customerUpserted('c-ada', 'Ada', [ADA]),
      subscriptionWith('s-ada', 'c-ada', 'plan', '2026-01-15'),
      ringing('r', STRANGER, '2026-03-20T00:00:00Z'),
    );
    expect(effects.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-01-15', 'sub:s-ada:2026-02-15', 'sub:s-ada:2026-03-15']);
  });
});

describe('business hours and daylight saving (America/New_York)', () => {
  const weekdays = { open: '09:00', close: '17:00' };
  const hours = { timeZone: 'America/New_York', days: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: null, sun: null } };
  const rate = (answeredAt: string, talk = 20 * MIN) => {
    const ledger = subscriber({ includedSeconds: 10 * H, businessHours: hours, afterHoursMultiplierPermille: 1500 });
    ledger.apply(talked('call', ADA, answeredAt, talk));
    return lastCharge(ledger);
  };

  it('a call crossing 17:00 on the Monday after clocks spring forward is split at 21:00 UTC', () => {
    const charge = rate('2026-03-09T20:50:00Z');
    expect(charge.trace).toContain('10 min in business hours + 10 min after hours × 1.5 = 15 min; 25 min to bill');
    expect(charge.lines).toEqual([{ bucket: 'included', seconds: 25 * MIN, amountMinor: 0, currency: 'USD' }]);
  });

  it('the same UTC time a week earlier (standard time) is all business hours', () => {
    expect(rate('2026-03-02T20:50:00Z').lines[0]!.seconds).toBe(20 * MIN);
  });

  it('after clocks fall back on Nov 1, 17:00 is 22:00 UTC', () => {
    expect(rate('2026-11-02T21:50:00Z').lines[0]!.seconds).toBe(25 * MIN);
    expect(rate('2026-10-26T21:50:00Z').lines[0]!.seconds).toBe(30 * MIN);
  });

  it('a Sunday open all day is 23 hours long on Mar 8: closing at midnight is 04:00 UTC', () => {
    const sundays = { ...hours, days: { ...hours.days, sun: { open: '00:00', close: '24:00' } } };
    const ledger = subscriber({ includedSeconds: 10 * H, businessHours: sundays, afterHoursMultiplierPermille: 2000 });
    ledger.apply(talked('into-sunday', ADA, '2026-03-08T04:50:00Z', 20 * MIN), talked('out-of-sunday', ADA, '2026-03-09T03:50:00Z', 20 * MIN));
    expect(ledger.charges.all().map((c) => c.lines[0]!.seconds)).toEqual([30 * MIN, 30 * MIN]);
  });

  it('rounding’s extra seconds go to the segment the call ended in', () => {
    // 16:59:30 EDT for 61 s: 30 s business, 31 s after hours; billed 2 min, so 31 + 59 = 90 s after hours × 1.5.
    const charge = rate('2026-03-09T20:59:30Z', 61);
    expect(charge.billableSeconds).toBe(120);
    expect(charge.lines[0]!.seconds).toBe(30 + 135);
  });
});

describe('corrections and adjustments', () => {
  it('a call corrected from 20 to 10 minutes after billing is reversed and re-rated, never edited', () => {
    const ledger = subscriber({ includedSeconds: 3 * H });
    ledger.apply(talked('call-1', ADA, '2026-03-20T10:00:00Z', 20 * MIN), callCorrected('call-1', 10 * MIN, '2026-03-21T10:00:00Z'));
    const [original, reversal, rerated] = ledger.charges.all();
    expect(original).toMatchObject({ billableSeconds: 1200, reversedByChargeId: reversal!.chargeId });
    expect(reversal).toMatchObject({ reversesChargeId: original!.chargeId, billableSeconds: -1200, lines: [{ bucket: 'included', seconds: -1200 }] });
    expect(rerated).toMatchObject({ billableSeconds: 600, reversesChargeId: null });
    expect(ledger.view('c-ada', '2026-03-21T11:00:00Z').subscription?.remainingSeconds).toBe(3 * H - 10 * MIN);
  });

  it('the same duration again, or a repeated completion, does nothing', () => {
    const ledger = subscriber({ includedSeconds: 3 * H });
    ledger.apply(talked('call-1', ADA, '2026-03-20T10:00:00Z', 20 * MIN));
    const again = ledger.apply(talked('call-1', ADA, '2026-03-20T10:00:00Z', 20 * MIN), callCorrected('call-1', 20 * MIN, '2026-03-21T10:00:00Z'));
    expect(again.charges).toEqual([]);
  });

  it('a provider completion with another duration is a correction too, and gives the wallet back its money', () => {
    const ledger = new MemoryLedger();
    ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), walletCredited('top', 'c-nora', 5000), talked('call-1', NORA, '2026-03-20T10:00:00Z', 10 * MIN));
    expect(ledger.view('c-nora', '2026-03-21T00:00:00Z').wallet?.balanceMinor).toBe(2000);
    ledger.apply(talked('call-1', NORA, '2026-03-20T10:00:00Z', 5 * MIN));
    expect(ledger.view('c-nora', '2026-03-21T00:00:00Z').wallet?.balanceMinor).toBe(3500);
    expect(ledger.charges.all().map((c) => c.totalMinor)).toEqual([3000, -3000, 1500]);
  });

  it('a time debit cannot take included time below zero, and says how much it took', () => {
    const ledger = subscriber({ includedSeconds: 30 * MIN });
    const effects = ledger.apply(adjustmentRecorded('adj-1', 'c-ada', 'seconds', -H, '2026-03-20T00:00:00Z'));
    expect(effects.adjustments).toEqual([expect.objectContaining({ requested: -H, applied: -30 * MIN, description: 'Removed 30 min of the 1 h 0 min asked: included time cannot go below 0' })]);
    ledger.apply(adjustmentRecorded('adj-2', 'c-ada', 'seconds', 15 * MIN, '2026-03-20T01:00:00Z'));
    expect(ledger.view('c-ada', '2026-03-20T02:00:00Z').subscription?.remainingSeconds).toBe(15 * MIN);
  });

  it('a money credit goes to the wallet', () => {
    const ledger = new MemoryLedger();
    ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), adjustmentRecorded('adj-1', 'c-nora', 'money', 1250));
    expect(ledger.view('c-nora', '2026-03-20T00:00:00Z').wallet).toMatchObject({ balanceMinor: 1250, low: true });
  });
});

describe('invoice drafts', () => {
  it('per-call invoicing: one ready invoice per call, amount = quantity × unit price, tax half-even', () => {
    const ledger = new MemoryLedger();
    const effects = ledger.apply(
      policyDefined({ invoicing: { mode: 'per_call' }, taxBasisPoints: { payPerCall: 825, fees: 825 } }),
      rateCardDefined({ perCallFeeMinor: 200 }),
      customerUpserted('c-nora', 'Nora', [NORA]),
      talked('call-1', NORA, '2026-03-20T10:00:00Z', 90),
    );
    const chargeId = lastCharge(ledger).chargeId;
    expect(effects.invoices).toEqual([
      expect.objectContaining({ invoiceKey: `call:${chargeId}`, status: 'ready', kind: 'pay_per_call', subtotalMinor: 800, taxMinor: 50 + 16, totalMinor: 866 }),
    ]);
    expect(effects.invoiceLines).toEqual([
      expect.objectContaining({ description: 'Pay-per-call, call of 2026-03-20', quantity: '2', unit: 'minute', unitPriceMinor: 300, amountMinor: 600, taxMinor: 50 }),
      expect.objectContaining({ description: 'Per-call fee, call of 2026-03-20', quantity: '1', unit: 'each', unitPriceMinor: 200, amountMinor: 200, taxMinor: 16 }),
    ]);
  });

  it('period invoicing: usage collects on the month’s draft, which is ready once the log passes its end and the 12 h settle window', () => {
    const ledger = new MemoryLedger();
    const march = ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), talked('a', NORA, '2026-03-05T10:00:00Z', 60), talked('b', NORA, '2026-03-06T10:00:00Z', 120));
    expect(march.invoices.at(-1)).toMatchObject({ invoiceKey: 'usage:c-nora:2026-03-01', status: 'draft', subtotalMinor: 900 });
    expect(ledger.apply(ringing('r', STRANGER, '2026-04-01T00:00:01Z')).invoices).toEqual([]);
    const april = ledger.apply(ringing('r2', STRANGER, '2026-04-01T12:00:00Z'));
    expect(april.invoices).toEqual([expect.objectContaining({ invoiceKey: 'usage:c-nora:2026-03-01', status: 'ready', totalMinor: 900 })]);
  });

  it('a line whose amount is not a whole number of cents per minute is quantity 1 with the time in its description', () => {
    const ledger = subscriber({ includedSeconds: 0, overageRatePerHourMinor: 10000, incrementSeconds: 1 });
    const effects = ledger.apply(talked('call-1', ADA, '2026-03-20T10:00:00Z', 61));
    expect(effects.invoiceLines.filter((l) => l.chargeId !== null)).toEqual([expect.objectContaining({ description: 'Overage 1 min 1 s, call of 2026-03-20', quantity: '1', unit: 'each', unitPriceMinor: 169, amountMinor: 169 })]);
  });

  it('an unknown caller’s charge is invoiced once the number belongs to a customer', () => {
    const ledger = new MemoryLedger();
    const before = ledger.apply(talked('call-1', STRANGER, '2026-03-20T10:00:00Z', 60));
    expect(before.invoices).toEqual([]);
    const after = ledger.apply(customerUpserted('c-new', 'New Customer', [STRANGER], { at: '2026-03-21T00:00:00Z' }));
    expect(after.invoices).toEqual([expect.objectContaining({ invoiceKey: 'usage:c-new:2026-03-01', customerId: 'c-new', subtotalMinor: 300 })]);
    expect(after.chargeInvoices).toEqual([{ chargeId: lastCharge(ledger).chargeId, invoiceKey: 'usage:c-new:2026-03-01', billedCustomerId: 'c-new' }]);
  });
});
