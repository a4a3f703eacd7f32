import type { ApiInput } from '../../../shared/api/contract';
import type { BillingCatalog } from '../../../shared/api/billing';
import { billingIncrements, isTimeZone, weekdays, type Weekday } from '../../../shared/billing/catalog';
import { formatScaledDecimal, parseScaledDecimal } from '../forms/scaled-decimal';
import { formatMoneyInput, parseMoneyInput } from '../money/money-input';

/**
 * The plan, rate card and policy editors keep what people typed as text; these pure
 * functions turn a form into the API input (exact integers, or errors per field)
 * and an existing definition back into a form.
 */

type Plan = BillingCatalog['plans'][number];
type RateCard = BillingCatalog['rateCard'];
type Policy = BillingCatalog['policy'];
export type PlanInput = ApiInput<'billing.definePlan'>;
export type RateCardInput = ApiInput<'billing.defineRateCard'>;
export type PolicyInput = ApiInput<'billing.definePolicy'>;

export type FormErrors<F> = Partial<Record<Extract<keyof F, string>, string>>;
export type FormResult<T, F> = { ok: true; value: T } | { ok: false; errors: FormErrors<F> };

export interface DayHoursForm {
  open: boolean;
  from: string;
  to: string;
}

export interface RoundingForm {
  incrementSeconds: string;
  minimumSeconds: string;
  graceSeconds: string;
  /** Blank: every short call is free. */
  graceCallsPerPeriod: string;
  billMissedCalls: boolean;
  billVoicemails: boolean;
  businessHours: boolean;
  timeZone: string;
  days: Record<Weekday, DayHoursForm>;
  /** "1.5" = after-hours time counts one and a half times. */
  afterHoursMultiplier: string;
  perCallFee: string;
}

/** Text messages: billed at all, and what a text costs each way (beyond any included ones). */
export interface TextRatesForm {
  billTexts: boolean;
  textRateOutgoing: string;
  textRateIncoming: string;
}

export interface PlanForm extends RoundingForm, TextRatesForm {
  planId: string;
  name: string;
  period: 'monthly' | 'annual';
  price: string;
  currency: string;
  includedHours: string;
  includedMinutes: string;
  rollover: 'none' | 'capped' | 'full';
  rolloverCapHours: string;
  rolloverCapMinutes: string;
  /** Blank: overage at the rate card's per-minute rate. */
  overageRatePerHour: string;
  textsIncludedOutgoing: string;
  textsIncludedIncoming: string;
  /** Call credit put in the wallet at the start of every period; blank: none. */
  periodCredit: string;
  /** Days the period's credit lasts; blank: until the period ends. */
  periodCreditDays: string;
  /** Served by the AI agent whatever the balance (an enterprise plan billed afterwards). */
  balanceExempt: boolean;
}

export interface RateCardForm extends RoundingForm, TextRatesForm {
  currency: string;
  ratePerMinute: string;
}

export interface PolicyForm {
  consumptionOrder: Policy['consumptionOrder'];
  walletDryPolicy: Policy['walletDryPolicy'];
  lowBalanceThreshold: string;
  invoicingMode: Policy['invoicing']['mode'];
  invoicingDay: string;
  /** Percentages, e.g. "8.25". */
  taxSubscription: string;
  taxOverage: string;
  taxPayPerCall: string;
  taxFees: string;
}

export const incrementChoices = billingIncrements.map((seconds) => ({
  seconds,
  label: seconds < 60 ? `${seconds} s` : `${seconds / 60} min`,
}));

const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
export const weekdayChoices = weekdays.map((day) => ({ day, name: weekdayNames[day] }));

// ---- from a definition to a form ------------------------------------------------

function hoursAndMinutes(seconds: number): { hours: string; minutes: string } {
  return { hours: String(Math.floor(seconds / 3600)), minutes: String(Math.floor((seconds % 3600) / 60)) };
}

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function roundingFormOf(rounding: RateCard | Plan): RoundingForm {
  const hours = rounding.businessHours;
  const days = Object.fromEntries(
    weekdays.map((day) => {
      const open = hours?.days[day] ?? null;
      // A day closing at midnight is "24:00" in the plan; a time field shows it as 00:00.
      return [day, open ? { open: true, from: open.open, to: open.close === '24:00' ? '00:00' : open.close } : { open: !hours && day !== 'sat' && day !== 'sun', from: '09:00', to: '17:00' }];
    }),
  ) as Record<Weekday, DayHoursForm>;
  return {
    incrementSeconds: String(rounding.incrementSeconds),
    minimumSeconds: String(rounding.minimumBillableSeconds),
    graceSeconds: String(rounding.graceSeconds),
    graceCallsPerPeriod: rounding.graceCallsPerPeriod === null ? '' : String(rounding.graceCallsPerPeriod),
    billMissedCalls: rounding.billMissedCalls,
    billVoicemails: rounding.billVoicemails,
    businessHours: hours !== null,
    timeZone: hours?.timeZone ?? localTimeZone(),
    days,
    afterHoursMultiplier: formatScaledDecimal(rounding.afterHoursMultiplierPermille, 3).replace(/\.?0+$/, ''),
    perCallFee: formatMoneyInput(rounding.perCallFeeMinor),
  };
}

function textRatesFormOf(rates: { outgoingRateMinor: number; incomingRateMinor: number } | null | undefined): TextRatesForm {
  return { billTexts: !!rates, textRateOutgoing: formatMoneyInput(rates?.outgoingRateMinor ?? 0), textRateIncoming: formatMoneyInput(rates?.incomingRateMinor ?? 0) };
}

export function planFormOf(plan: Plan): PlanForm {
  const included = hoursAndMinutes(plan.includedSeconds);
  const texts = plan.messaging ?? null;
  const cap = hoursAndMinutes(plan.rollover.policy === 'capped' ? plan.rollover.capSeconds : 0);
  return {
    ...roundingFormOf(plan),
    planId: plan.planId,
    name: plan.name,
    period: plan.period,
    price: formatMoneyInput(plan.priceMinor),
    currency: plan.currency,
    includedHours: included.hours,
    includedMinutes: included.minutes,
    rollover: plan.rollover.policy,
    rolloverCapHours: cap.hours,
    rolloverCapMinutes: cap.minutes,
    overageRatePerHour: plan.overageRatePerHourMinor === null ? '' : formatMoneyInput(plan.overageRatePerHourMinor),
    ...textRatesFormOf(texts),
    textsIncludedOutgoing: String(texts?.includedOutgoing ?? 0),
    textsIncludedIncoming: String(texts?.includedIncoming ?? 0),
    periodCredit: plan.periodGrant === null ? '' : formatMoneyInput(plan.periodGrant.amountMinor),
    periodCreditDays: plan.periodGrant?.expiresAfterDays == null ? '' : String(plan.periodGrant.expiresAfterDays),
    balanceExempt: plan.balanceExempt,
  };
}

/** A new plan starts from the rate card's rounding, so its defaults match what callers pay today. */
export function newPlanForm(rateCard: RateCard): PlanForm {
  return {
    ...roundingFormOf({ ...rateCard, graceSeconds: 0, minimumBillableSeconds: 0, perCallFeeMinor: 0 }),
    planId: '',
    name: '',
    period: 'monthly',
    price: '',
    currency: rateCard.currency,
    includedHours: '10',
    includedMinutes: '0',
    rollover: 'none',
    rolloverCapHours: '0',
    rolloverCapMinutes: '0',
    overageRatePerHour: '',
    ...textRatesFormOf(null),
    textsIncludedOutgoing: '0',
    textsIncludedIncoming: '0',
    periodCredit: '',
    periodCreditDays: '',
    balanceExempt: false,
  };
}

export function rateCardFormOf(rateCard: RateCard): RateCardForm {
  return { ...roundingFormOf(rateCard), ...textRatesFormOf(rateCard.messaging), currency: rateCard.currency, ratePerMinute: formatMoneyInput(rateCard.ratePerMinuteMinor) };
}

export function policyFormOf(policy: Policy): PolicyForm {
  const percent = (basisPoints: number) => formatScaledDecimal(basisPoints, 2).replace(/\.?0+$/, '');
  return {
    consumptionOrder: policy.consumptionOrder,
    walletDryPolicy: policy.walletDryPolicy,
    lowBalanceThreshold: formatMoneyInput(policy.lowBalanceThresholdMinor),
    invoicingMode: policy.invoicing.mode,
    invoicingDay: policy.invoicing.mode === 'period' ? String(policy.invoicing.dayOfMonth) : '1',
    taxSubscription: percent(policy.taxBasisPoints.subscription),
    taxOverage: percent(policy.taxBasisPoints.overage),
    taxPayPerCall: percent(policy.taxBasisPoints.payPerCall),
    taxFees: percent(policy.taxBasisPoints.fees),
  };
}

/** A readable plan id from its name: "Priority Support" → "priority-support". */
export function planIdFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

// ---- from a form to an API input -----------------------------------------------

/** Collects field errors while reading a form; each reader returns a placeholder on error. */
class FormReader<F> {
  readonly errors: FormErrors<F> = {};

  fail(field: Extract<keyof F, string>, message: string): void {
    this.errors[field] ??= message;
  }

  whole(field: Extract<keyof F, string>, text: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const parsed = parseScaledDecimal(text, 0);
    if (!parsed.ok) this.fail(field, text.trim() === '' ? 'is required' : parsed.error);
    else if (parsed.value < min || parsed.value > max) this.fail(field, max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be from ${min} to ${max}`);
    return parsed.ok ? parsed.value : 0;
  }

  money(field: Extract<keyof F, string>, text: string): number {
    const parsed = parseMoneyInput(text);
    if (!parsed.ok) this.fail(field, text.trim() === '' ? 'is required' : parsed.error);
    return parsed.ok ? parsed.value : 0;
  }

  scaled(field: Extract<keyof F, string>, text: string, digits: number, max: number, tooMuch: string): number {
    const parsed = parseScaledDecimal(text, digits);
    if (!parsed.ok) this.fail(field, text.trim() === '' ? 'is required' : parsed.error);
    else if (parsed.value > max) this.fail(field, tooMuch);
    return parsed.ok ? parsed.value : 0;
  }

  currency(field: Extract<keyof F, string>, text: string): string {
    const code = text.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) this.fail(field, 'must be a currency code like USD');
    return code;
  }

  result<T>(value: T): FormResult<T, F> {
    return Object.keys(this.errors).length > 0 ? { ok: false, errors: this.errors } : { ok: true, value };
  }
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function readRounding(form: RoundingForm, read: FormReader<RoundingForm>) {
  const increment = Number(form.incrementSeconds) as (typeof billingIncrements)[number];
  if (!(billingIncrements as readonly number[]).includes(increment)) read.fail('incrementSeconds', 'must be one of the listed increments');
  let businessHours: PlanInput['businessHours'] = null;
  if (form.businessHours) {
    const timeZone = form.timeZone.trim();
    if (!isTimeZone(timeZone) || timeZone === '') read.fail('timeZone', 'must be a time zone like America/New_York');
    const days = {} as Record<Weekday, { open: string; close: string } | null>;
    for (const { day, name } of weekdayChoices) {
      const hours = form.days[day];
      if (!hours.open) {
        days[day] = null;
        continue;
      }
      // 00:00 as a closing time means midnight at the end of the day.
      const close = hours.to === '00:00' ? '24:00' : hours.to;
      if (!HHMM.test(hours.from) || !(HHMM.test(hours.to) || close === '24:00')) read.fail('days', `${name}: times must look like 09:00`);
      else if (close !== '24:00' && close <= hours.from) read.fail('days', `${name}: closes before it opens`);
      days[day] = { open: hours.from, close };
    }
    businessHours = { timeZone, days };
  }
  return {
    incrementSeconds: increment,
    minimumBillableSeconds: read.whole('minimumSeconds', form.minimumSeconds, { max: 86_400 }),
    graceSeconds: read.whole('graceSeconds', form.graceSeconds, { max: 3_600 }),
    graceCallsPerPeriod: form.graceCallsPerPeriod.trim() === '' ? null : read.whole('graceCallsPerPeriod', form.graceCallsPerPeriod),
    billMissedCalls: form.billMissedCalls,
    billVoicemails: form.billVoicemails,
    businessHours,
    afterHoursMultiplierPermille: form.businessHours
      ? read.scaled('afterHoursMultiplier', form.afterHoursMultiplier, 3, 10_000, 'must be at most 10')
      : 1000,
    perCallFeeMinor: form.perCallFee.trim() === '' ? 0 : read.money('perCallFee', form.perCallFee),
  };
}

/** Unticked: texts are free and not metered (null). */
function readTextRates(form: TextRatesForm, read: FormReader<TextRatesForm>): { outgoingRateMinor: number; incomingRateMinor: number } | null {
  if (!form.billTexts) return null;
  return { outgoingRateMinor: read.money('textRateOutgoing', form.textRateOutgoing), incomingRateMinor: read.money('textRateIncoming', form.textRateIncoming) };
}

export function planInputOf(form: PlanForm): FormResult<PlanInput, PlanForm> {
  const read = new FormReader<PlanForm>();
  const rounding = readRounding(form, read);
  const planId = form.planId.trim();
  const name = form.name.trim();
  if (planId === '') read.fail('planId', 'is required');
  if (name === '') read.fail('name', 'is required');
  const includedMinutes = read.whole('includedMinutes', form.includedMinutes, { max: 59 });
  const includedSeconds = read.whole('includedHours', form.includedHours) * 3600 + includedMinutes * 60;
  let rollover: PlanInput['rollover'] = { policy: form.rollover === 'full' ? 'full' : 'none' };
  if (form.rollover === 'capped') {
    const capMinutes = read.whole('rolloverCapMinutes', form.rolloverCapMinutes, { max: 59 });
    rollover = { policy: 'capped', capSeconds: read.whole('rolloverCapHours', form.rolloverCapHours) * 3600 + capMinutes * 60 };
  }
  const rates = readTextRates(form, read);
  const messaging = rates && {
    ...rates,
    includedOutgoing: read.whole('textsIncludedOutgoing', form.textsIncludedOutgoing),
    includedIncoming: read.whole('textsIncludedIncoming', form.textsIncludedIncoming),
  };
  let periodGrant: PlanInput['periodGrant'] = null;
  if (form.periodCredit.trim() !== '') {
    const amountMinor = read.money('periodCredit', form.periodCredit);
    const expiresAfterDays = form.periodCreditDays.trim() === '' ? null : read.whole('periodCreditDays', form.periodCreditDays, { min: 1, max: 3_660 });
    // Zero credit is no credit (the plan schema takes at least one cent).
    if (amountMinor > 0) periodGrant = { amountMinor, expiresAfterDays };
  }
  return read.result<PlanInput>({
    ...rounding,
    planId,
    name,
    period: form.period,
    priceMinor: read.money('price', form.price),
    currency: read.currency('currency', form.currency),
    includedSeconds,
    rollover,
    overageRatePerHourMinor: form.overageRatePerHour.trim() === '' ? null : read.money('overageRatePerHour', form.overageRatePerHour),
    messaging,
    periodGrant,
    balanceExempt: form.balanceExempt,
  });
}

export function rateCardInputOf(form: RateCardForm): FormResult<RateCardInput, RateCardForm> {
  const read = new FormReader<RateCardForm>();
  const rounding = readRounding(form, read);
  return read.result<RateCardInput>({
    ...rounding,
    currency: read.currency('currency', form.currency),
    ratePerMinuteMinor: read.money('ratePerMinute', form.ratePerMinute),
    messaging: readTextRates(form, read),
  });
}

export function policyInputOf(form: PolicyForm): FormResult<PolicyInput, PolicyForm> {
  const read = new FormReader<PolicyForm>();
  const tax = (field: 'taxSubscription' | 'taxOverage' | 'taxPayPerCall' | 'taxFees') =>
    form[field].trim() === '' ? 0 : read.scaled(field, form[field], 2, 10_000, 'must be at most 100 %');
  return read.result<PolicyInput>({
    consumptionOrder: form.consumptionOrder,
    walletDryPolicy: form.walletDryPolicy,
    lowBalanceThresholdMinor: read.money('lowBalanceThreshold', form.lowBalanceThreshold),
    invoicing: form.invoicingMode === 'per_call' ? { mode: 'per_call' } : { mode: 'period', dayOfMonth: read.whole('invoicingDay', form.invoicingDay, { min: 1, max: 28 }) },
    taxBasisPoints: { subscription: tax('taxSubscription'), overage: tax('taxOverage'), payPerCall: tax('taxPayPerCall'), fees: tax('taxFees') },
  });
}
