import { describe, expect, it } from 'vitest';
import { DEFAULT_BILLING_POLICY, DEFAULT_RATE_CARD, planSchema, rateCardSchema } from '../../../shared/billing/catalog';
import { newPlanForm, planFormOf, planIdFromName, planInputOf, policyFormOf, policyInputOf, rateCardFormOf, rateCardInputOf, type PlanForm } from './catalog-forms';

function priority(): PlanForm {
  return {
    ...newPlanForm(DEFAULT_RATE_CARD),
    planId: 'priority',
    name: 'Priority Support',
    price: '199.00',
    includedHours: '2',
    includedMinutes: '30',
    incrementSeconds: '360',
    overageRatePerHour: '90',
  };
}

describe('the plan editor', () => {
  it('turns what the owner typed into an exact plan', () => {
    const result = planInputOf(priority());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      planId: 'priority',
      priceMinor: 19_900,
      includedSeconds: 9_000,
      incrementSeconds: 360,
      overageRatePerHourMinor: 9_000,
      rollover: { policy: 'none' },
      businessHours: null,
      afterHoursMultiplierPermille: 1000,
    });
    expect(planSchema.strict().safeParse(result.value).success).toBe(true);
  });

  it('business hours with a time zone and a 1.5× after-hours multiplier; a capped rollover', () => {
    const form = priority();
    form.businessHours = true;
    form.timeZone = 'America/New_York';
    form.afterHoursMultiplier = '1.5';
    form.days.fri = { open: true, from: '09:00', to: '00:00' };
    form.days.sat = { open: false, from: '09:00', to: '17:00' };
    form.rollover = 'capped';
    form.rolloverCapHours = '1';
    form.rolloverCapMinutes = '15';
    const result = planInputOf(form);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.afterHoursMultiplierPermille).toBe(1500);
    expect(result.value.businessHours?.days.fri).toEqual({ open: '09:00', close: '24:00' });
    expect(result.value.businessHours?.days.sat).toBeNull();
    expect(result.value.rollover).toEqual({ policy: 'capped', capSeconds: 4_500 });
    expect(planSchema.strict().safeParse(result.value).success).toBe(true);
    // …and back to the same form.
    const again = planFormOf(planSchema.parse(result.value));
    expect(again.days.fri).toEqual({ open: true, from: '09:00', to: '00:00' });
    expect(again.afterHoursMultiplier).toBe('1.5');
    expect(again.rolloverCapMinutes).toBe('15');
  });

  it('names every field that is wrong', () => {
    const form = { ...priority(), name: ' ', price: '19.999', includedMinutes: '75', currency: 'dollars', businessHours: true, timeZone: 'Mars/Base' };
    form.days = { ...form.days, tue: { open: true, from: '17:00', to: '09:00' } };
    const result = planInputOf(form);
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'is required',
        price: 'at most 2 digits after the point',
        includedMinutes: 'must be from 0 to 59',
        currency: 'must be a currency code like USD',
        timeZone: 'must be a time zone like America/New_York',
        days: 'Tuesday: closes before it opens',
      },
    });
  });

  it('texts are free until “Bill text messages” is ticked; then 100 included texts sent and 5 cents a text beyond them', () => {
    const free = planInputOf(priority());
    expect(free.ok && free.value.messaging).toBeNull();
    const form = { ...priority(), billTexts: true, textsIncludedOutgoing: '100', textsIncludedIncoming: '0', textRateOutgoing: '0.05', textRateIncoming: '0.02' };
    const result = planInputOf(form);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.messaging).toEqual({ includedOutgoing: 100, includedIncoming: 0, outgoingRateMinor: 5, incomingRateMinor: 2 });
    expect(planSchema.strict().safeParse(result.value).success).toBe(true);
    expect(planFormOf(planSchema.parse(result.value))).toMatchObject({ billTexts: true, textsIncludedOutgoing: '100', textRateOutgoing: '0.05', textRateIncoming: '0.02' });
    expect(planInputOf({ ...form, textsIncludedOutgoing: 'lots', textRateIncoming: '0.001' })).toEqual({
      ok: false,
      errors: { textsIncludedOutgoing: expect.any(String), textRateIncoming: 'at most 2 digits after the point' },
    });
  });

  it('editing a plan keeps its call credit each period and its AI-agent exemption: nothing is lost when it is saved again', () => {
    const growth = planSchema.parse({ planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19_900, currency: 'USD', includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays: 45 } });
    const enterprise = planSchema.parse({ planId: 'enterprise', name: 'Enterprise', period: 'monthly', priceMinor: 99_900, currency: 'USD', includedSeconds: 36_000, balanceExempt: true });
    for (const plan of [growth, enterprise]) {
      const again = planInputOf(planFormOf(plan));
      expect(again.ok).toBe(true);
      if (again.ok) expect(planSchema.parse(again.value)).toEqual(plan);
    }
    expect(planFormOf(growth)).toMatchObject({ periodCredit: '50.00', periodCreditDays: '45', balanceExempt: false });
    expect(planFormOf(enterprise)).toMatchObject({ periodCredit: '', periodCreditDays: '', balanceExempt: true });
  });

  it('call credit each period is typed in dollars and lasts the period unless a number of days is given; blank or zero is none', () => {
    const typed = planInputOf({ ...priority(), periodCredit: '50', periodCreditDays: '' });
    expect(typed.ok && typed.value.periodGrant).toEqual({ amountMinor: 5_000, expiresAfterDays: null });
    expect(planInputOf({ ...priority(), periodCredit: '' })).toMatchObject({ ok: true, value: { periodGrant: null, balanceExempt: false } });
    expect(planInputOf({ ...priority(), periodCredit: '0' })).toMatchObject({ ok: true, value: { periodGrant: null } });
    expect(planInputOf({ ...priority(), balanceExempt: true })).toMatchObject({ ok: true, value: { balanceExempt: true } });
    expect(planInputOf({ ...priority(), periodCredit: 'fifty', periodCreditDays: '0' })).toEqual({ ok: false, errors: { periodCredit: expect.any(String), periodCreditDays: 'must be from 1 to 3660' } });
  });

  it('a plan id comes from the name', () => {
    expect(planIdFromName('Priority Support — 2.5 h')).toBe('priority-support-2-5-h');
  });
});

describe('the rate card and policy editors', () => {
  it('the default rate card survives a round trip through its form', () => {
    const result = rateCardInputOf(rateCardFormOf(DEFAULT_RATE_CARD));
    expect(result).toEqual({ ok: true, value: DEFAULT_RATE_CARD });
  });

  it('a rate card’s per-text prices survive a round trip through its form', () => {
    const rateCard = rateCardSchema.parse({ ...DEFAULT_RATE_CARD, messaging: { outgoingRateMinor: 4, incomingRateMinor: 1 } });
    expect(rateCardInputOf(rateCardFormOf(rateCard))).toEqual({ ok: true, value: rateCard });
  });

  it('the default policy survives a round trip; taxes are typed as percentages', () => {
    expect(policyInputOf(policyFormOf(DEFAULT_BILLING_POLICY))).toEqual({ ok: true, value: DEFAULT_BILLING_POLICY });
    const form = { ...policyFormOf(DEFAULT_BILLING_POLICY), taxOverage: '8.25', invoicingMode: 'per_call' as const };
    const result = policyInputOf(form);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.taxBasisPoints).toEqual({ subscription: 0, overage: 825, payPerCall: 0, fees: 0 });
    expect(result.value.invoicing).toEqual({ mode: 'per_call' });
    expect(policyInputOf({ ...form, taxFees: '101' })).toEqual({ ok: false, errors: { taxFees: 'must be at most 100 %' } });
  });
});
