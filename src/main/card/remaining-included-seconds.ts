/**
 * Included time left in the current period: the simple rule of the foundation issue
 * ("included hours minus completed call time this period"). The billing engine
 * replaces this file; nothing else computes remaining time.
 *
 * Periods are anchored on the subscription's startDate: period k starts k months
 * (monthly) or k years (annual) after it, on the same day of the month, clamped to
 * the month's last day (a Jan 31 start renews Feb 28, then Mar 31). Boundaries fall
 * at 00:00 UTC until business time zones arrive with the billing issue. Every
 * completed call counts (incoming or outgoing, answered talk time only), by the
 * instant it started.
 */

export interface BillingPeriod {
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

export interface IncludedTimePlan {
  includedSeconds: number;
  period: 'monthly' | 'annual';
}

export interface CompletedCallTime {
  startedAtMs: number;
  durationSeconds: number;
}

/** The period of a subscription that contains `now`; null before the subscription starts. */
export function billingPeriodContaining(startDate: string, period: 'monthly' | 'annual', now: Date): BillingPeriod | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  if (!match) throw new Error(`subscription start date ${startDate} is not YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const step = period === 'monthly' ? 1 : 12;
  const anchor = (k: number): number => {
    const months = month + k * step;
    const y = year + Math.floor(months / 12);
    const m = ((months % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Date.UTC(y, m, Math.min(day, lastDay));
  };
  const nowMs = now.getTime();
  if (nowMs < anchor(0)) return null;
  const monthsElapsed = (now.getUTCFullYear() - year) * 12 + (now.getUTCMonth() - month);
  let k = Math.max(0, Math.floor(monthsElapsed / step));
  while (anchor(k) > nowMs) k -= 1;
  while (anchor(k + 1) <= nowMs) k += 1;
  return { startMs: anchor(k), endMs: anchor(k + 1) };
}

export function remainingIncludedSeconds(input: {
  plan: IncludedTimePlan;
  subscription: { startDate: string };
  /** The customer's completed calls; those outside the current period are ignored. */
  completedCallsThisPeriod: readonly CompletedCallTime[];
  now: Date;
}): number {
  const period = billingPeriodContaining(input.subscription.startDate, input.plan.period, input.now);
  if (!period) return input.plan.includedSeconds;
  let used = 0;
  for (const call of input.completedCallsThisPeriod) {
    if (call.startedAtMs >= period.startMs && call.startedAtMs < period.endMs) used += call.durationSeconds;
  }
  return Math.max(0, input.plan.includedSeconds - used);
}
