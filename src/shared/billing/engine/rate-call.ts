import type { Bucket, ChargeLine } from '../../api/billing';
import { roundUpToIncrement } from '../billable-seconds';
import type { CallRounding, Plan } from '../catalog';
import { divideHalfEven, moneyForSeconds } from '../half-even';
import { formatDuration } from '../../units';
import type { Catalog, PeriodState, WalletState } from './book';
import { splitByBusinessHours } from './business-hours';
import { walletBalance } from './wallet';

/** What rating needs to know about a completed call. */
export interface CallFacts {
  callId: string;
  number: string;
  startedAtMs: number;
  answeredAtMs: number | null;
  voicemail: boolean;
  rawSeconds: number;
}

export type Payer =
  | { kind: 'subscriber'; plan: Plan; period: PeriodState }
  | { kind: 'customer'; graceUsed: number }
  | { kind: 'unknown' };

export interface RateContext {
  catalog: Catalog;
  payer: Payer;
  /** The payer's wallet, if it has one in the call's currency. */
  wallet: WalletState | null;
}

/** What a call takes from each bucket; `applyRating` takes it. */
export interface Rating {
  rawSeconds: number;
  billableSeconds: number;
  /** Billable seconds after the after-hours weighting: what the buckets are charged. */
  weightedSeconds: number;
  graceUsed: boolean;
  currency: string;
  lines: ChargeLine[];
  trace: string[];
  take: { rolloverSeconds: number; includedSeconds: number; walletMinor: number };
}

/** The price of time once prepaid time and wallet are used up, for the payer. */
export function fallbackRate(catalog: Catalog, payer: Payer): { bucket: 'overage' | 'pay_per_call'; rateMinor: number; perSeconds: 60 | 3600; currency: string } {
  if (payer.kind === 'subscriber') {
    const perHour = payer.plan.overageRatePerHourMinor ?? catalog.rateCard.ratePerMinuteMinor * 60;
    return { bucket: 'overage', rateMinor: perHour, perSeconds: 3600, currency: payer.plan.currency };
  }
  return { bucket: 'pay_per_call', rateMinor: catalog.rateCard.ratePerMinuteMinor, perSeconds: 60, currency: catalog.rateCard.currency };
}

export function rulesFor(catalog: Catalog, payer: Payer): CallRounding {
  return payer.kind === 'subscriber' ? payer.plan : catalog.rateCard;
}

/** docs/billing.md "Rating one completed call", steps 2–7, as a pure function of the call and the payer's balances. */
export function rateCall(call: CallFacts, context: RateContext): Rating {
  const { catalog, payer } = context;
  const rules = rulesFor(catalog, payer);
  const rate = fallbackRate(catalog, payer);
  const trace: string[] = [];
  const zero = (graceUsed: boolean, lines: ChargeLine[] = []): Rating => ({
    rawSeconds: call.rawSeconds,
    billableSeconds: 0,
    weightedSeconds: 0,
    graceUsed,
    currency: rate.currency,
    lines,
    trace,
    take: { rolloverSeconds: 0, includedSeconds: 0, walletMinor: 0 },
  });
  if (payer.kind === 'customer') trace.push('No subscription: pay-per-call');
  if (payer.kind === 'unknown') trace.push('Unknown caller: pay-per-call');

  let billable: number;
  let talkFromMs: number;
  let talkSeconds: number;
  if (call.answeredAtMs === null) {
    const label = call.voicemail ? 'Voicemail' : 'Missed call';
    if (!(call.voicemail ? rules.billVoicemails : rules.billMissedCalls)) {
      trace.push(`${label} — not billed`);
      return zero(false);
    }
    billable = rules.minimumBillableSeconds > 0 ? rules.minimumBillableSeconds : rules.incrementSeconds;
    trace.push(`${label} — billed ${rules.minimumBillableSeconds > 0 ? 'its minimum' : 'one increment'}: ${formatDuration(billable)}`);
    talkFromMs = call.startedAtMs;
    talkSeconds = 0;
  } else {
    const raw = call.rawSeconds;
    trace.push(`${formatDuration(raw)} talk`);
    if (raw < rules.graceSeconds) {
      const limit = rules.graceCallsPerPeriod;
      const used = payer.kind === 'subscriber' ? payer.period.graceUsed : payer.kind === 'customer' ? payer.graceUsed : 0;
      // Unknown callers have no account to count grace uses against: a limit of N ≥ 1 lets them have it.
      const available = limit === null || (payer.kind === 'unknown' ? limit > 0 : used < limit);
      if (available) {
        trace.push(`free: shorter than the ${formatDuration(rules.graceSeconds)} grace${limit === null ? '' : ` (grace call ${payer.kind === 'unknown' ? 1 : used + 1} of ${limit} this period)`}`);
        return zero(true, [{ bucket: 'free', seconds: raw, amountMinor: 0, currency: rate.currency }]);
      }
      trace.push(`no grace left this period (${limit} used)`);
    }
    const atLeast = Math.max(raw, rules.minimumBillableSeconds);
    billable = roundUpToIncrement(atLeast, rules.incrementSeconds);
    if (atLeast > raw) trace.push(`→ ${formatDuration(atLeast)} minimum`);
    if (billable > atLeast) trace.push(`→ ${formatDuration(billable)} at ${incrementLabel(rules.incrementSeconds)} increment`);
    else if (billable === raw && raw > 0 && rules.incrementSeconds > 1) trace.push(`= ${formatDuration(raw)}, a whole number of ${incrementLabel(rules.incrementSeconds)} increments`);
    talkFromMs = Math.floor(call.answeredAtMs / 1000) * 1000;
    talkSeconds = raw;
  }
  if (billable === 0) {
    trace.push('nothing to bill');
    return zero(false);
  }

  const weighted = weightForBusinessHours(rules, talkFromMs, talkSeconds, billable, trace);
  const lines: ChargeLine[] = [];
  const take = { rolloverSeconds: 0, includedSeconds: 0, walletMinor: 0 };
  let left = weighted;

  const fromTime = (bucket: 'rollover' | 'included', available: number): void => {
    const seconds = Math.min(left, Math.max(0, available));
    if (seconds <= 0) return;
    left -= seconds;
    lines.push({ bucket, seconds, amountMinor: 0, currency: rate.currency });
    if (bucket === 'rollover') take.rolloverSeconds = seconds;
    else take.includedSeconds = seconds;
    trace.push(`${formatDuration(seconds)} from ${bucket === 'rollover' ? 'rolled-over' : 'included'} hours; ${formatDuration(available - seconds)} left`);
  };
  const fromWallet = (): void => {
    const wallet = context.wallet;
    if (!wallet || left <= 0) return;
    const balance = walletBalance(wallet);
    const allowNegative = catalog.policy.walletDryPolicy === 'allow_negative';
    if (balance <= 0 && !allowNegative) return;
    const full = moneyForSeconds(left, rate.rateMinor, rate.perSeconds);
    let seconds = left;
    let amount = full;
    if (full > balance && !allowNegative) {
      seconds = rate.rateMinor === 0 ? left : Number((BigInt(balance) * BigInt(rate.perSeconds)) / BigInt(rate.rateMinor));
      amount = moneyForSeconds(seconds, rate.rateMinor, rate.perSeconds);
    }
    if (seconds <= 0) return;
    left -= seconds;
    take.walletMinor = amount;
    lines.push({ bucket: 'wallet', seconds, amountMinor: amount, currency: rate.currency });
    const after = balance - amount;
    trace.push(
      `${formatDuration(seconds)} from the wallet at ${rateLabel(rate)}: ${money(amount, rate.currency)}; ${after < 0 ? `balance exhausted (${money(after, rate.currency)})` : `${money(after, rate.currency)} left`}`,
    );
  };

  if (payer.kind === 'subscriber') {
    const { period } = payer;
    if (catalog.policy.consumptionOrder === 'wallet_then_included') fromWallet();
    fromTime('rollover', period.rolloverRemaining);
    fromTime('included', period.includedRemaining);
    if (catalog.policy.consumptionOrder === 'included_then_wallet') fromWallet();
  } else {
    fromWallet();
  }
  if (left > 0) {
    const amount = moneyForSeconds(left, rate.rateMinor, rate.perSeconds);
    lines.push({ bucket: rate.bucket, seconds: left, amountMinor: amount, currency: rate.currency });
    trace.push(`${formatDuration(left)} ${rate.bucket === 'overage' ? 'overage' : 'pay-per-call'} at ${rateLabel(rate)}: ${money(amount, rate.currency)}`);
  }
  if (rules.perCallFeeMinor > 0) {
    lines.push({ bucket: 'fee', seconds: 0, amountMinor: rules.perCallFeeMinor, currency: rate.currency });
    trace.push(`per-call fee ${money(rules.perCallFeeMinor, rate.currency)}`);
  }
  return { rawSeconds: call.rawSeconds, billableSeconds: billable, weightedSeconds: weighted, graceUsed: false, currency: rate.currency, lines, trace, take };
}

/** Step 5: after-hours seconds weighted by the multiplier; the rounding's extra seconds go to the last segment. */
function weightForBusinessHours(rules: CallRounding, fromMs: number, talkSeconds: number, billable: number, trace: string[]): number {
  if (!rules.businessHours) return billable;
  const split = splitByBusinessHours(rules.businessHours, fromMs, talkSeconds);
  const extra = billable - talkSeconds;
  const business = split.businessSeconds + (split.endsInBusinessHours ? extra : 0);
  const after = split.afterHoursSeconds + (split.endsInBusinessHours ? 0 : extra);
  if (after === 0) return billable;
  const permille = rules.afterHoursMultiplierPermille;
  const weightedAfter = Number(divideHalfEven(BigInt(after) * BigInt(permille), 1000n));
  const weighted = business + weightedAfter;
  trace.push(
    `${formatDuration(business)} in business hours + ${formatDuration(after)} after hours × ${permille / 1000} = ${formatDuration(weightedAfter)}; ${formatDuration(weighted)} to bill`,
  );
  return weighted;
}

function incrementLabel(seconds: number): string {
  return formatDuration(seconds).replace(' ', '-');
}

function rateLabel(rate: { rateMinor: number; perSeconds: number; currency: string }): string {
  return `${money(rate.rateMinor, rate.currency)}/${rate.perSeconds === 3600 ? 'h' : 'min'}`;
}

// Building an Intl.NumberFormat is costly and rating formats money on every call: one per currency.
const formats = new Map<string, Intl.NumberFormat>();

/** Money as formatMoney (src/shared/units.ts) writes it. */
export function money(minor: number, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format.format(minor / 100);
}

export type { Bucket };
