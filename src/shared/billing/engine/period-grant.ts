import type { Plan } from '../catalog';
import type { AccountState, PeriodState, SubscriptionState } from './book';
import { dateToMs } from './calendar';
import { addDays, lastDayBefore, periodWords, shortDay } from './day-words';
import { touchAccount, type BillingEffects } from './records';
import { creditWallet, walletBalance } from './wallet';

/**
 * A plan's prepaid credit for each period (plan.periodGrant, docs/billing.md "Plan credit"):
 * posted to the wallet as a `grant` lot when a period starts — the first, each renewal, and
 * the period a plan change starts — expiring at the period's end unless the plan says after
 * how many days. Keyed by subscription, the period's first day and the plan, and the key kept
 * in the account, so nothing in the log (a replay, a subscription started again, a back-dated
 * event, a restart or a rebuild) posts one period's credit twice.
 */

export function periodGrantKey(subscriptionId: string, period: Pick<PeriodState, 'startsOn' | 'planId'>): string {
  return `grant:${subscriptionId}:${period.startsOn}:${period.planId}`;
}

/** The words of a plan credit: "Growth plan credit for December". */
export function planCreditLabel(plan: Plan, period: Pick<PeriodState, 'startsOn' | 'endsOn'>): string {
  return `${plan.name} plan credit for ${periodWords(period.startsOn, period.endsOn)}`;
}

/** Posts the period's credit if the plan has one and it was not posted before; `seq` orders the lot. */
export function postPeriodGrant(account: AccountState, sub: SubscriptionState, plan: Plan, seq: number, effects: BillingEffects): void {
  const grant = plan.periodGrant;
  if (!grant) return;
  const period = sub.period;
  const key = periodGrantKey(sub.subscriptionId, period);
  const posted = (account.grantKeys ??= []);
  if (posted.includes(key)) return;
  posted.push(key);
  touchAccount(effects, account.customerId);
  const wallet = (account.wallet ??= { currency: plan.currency, lots: [], debtMinor: 0 });
  // A wallet holds one currency: a plan priced in another cannot credit it (as for any credit).
  if (wallet.currency !== plan.currency) return;
  const expiresOn = grant.expiresAfterDays === null ? period.endsOn : addDays(period.startsOn, grant.expiresAfterDays);
  const label = planCreditLabel(plan, period);
  creditWallet(wallet, { lotId: key, order: seq, kind: 'grant', expiresOn, amountMinor: grant.amountMinor, fromPlan: true, label });
  effects.walletEntries.push({
    entryId: key,
    customerId: account.customerId,
    seq,
    atMs: dateToMs(period.startsOn),
    kind: 'grant',
    amountMinor: grant.amountMinor,
    balanceAfterMinor: walletBalance(wallet),
    currency: wallet.currency,
    description: `${label} — expires ${shortDay(lastDayBefore(expiresOn))}`,
    chargeId: null,
  });
}
