import type { IncludedTexts } from '../../api/billing';
import type { Plan } from '../catalog';
import type { AccountState, Catalog, WalletState } from './book';
import { lastDayBefore } from './day-words';
import { startDateBeginsMs } from './calendar';
import { advanceAccount } from './periods';
import { emptyEffects } from './records';
import { walletBalance } from './wallet';

export interface SubscriptionView {
  subscriptionId: string;
  planId: string;
  plan: Plan | null;
  state: 'active' | 'expired' | 'not_started' | 'cancelled';
  renewal: 'auto' | 'end';
  periodStartsOn: string | null;
  periodEndsOn: string | null;
  includedSeconds: number;
  includedRemaining: number;
  rolloverSeconds: number;
  rolloverRemaining: number;
  usedSeconds: number;
  /** Included + rollover time available now (0 unless active). */
  remainingSeconds: number;
  nextRenewalOn: string | null;
  includedTexts: IncludedTexts | null;
}

export interface WalletView {
  balanceMinor: number;
  currency: string;
  low: boolean;
  exhausted: boolean;
  /** The plan's period credit still in the balance (issue 13): "includes $50.00 plan credit, expires Dec 31"; null: none. */
  planCredit: PlanCreditView | null;
}

export interface PlanCreditView {
  /** Plan credit left, included in the balance. */
  amountMinor: number;
  /** The last day the soonest-expiring part can be used (it expires at that day's end). */
  lastDay: string;
  /** How much of it expires then (less than amountMinor only when credits of two periods overlap). */
  expiringMinor: number;
}

export interface AccountView {
  subscription: SubscriptionView | null;
  wallet: WalletView | null;
}

function planCreditOf(wallet: WalletState): PlanCreditView | null {
  const lots = wallet.lots.filter((lot) => lot.fromPlan === true && lot.remainingMinor > 0 && lot.expiresOn !== null);
  if (lots.length === 0) return null;
  const soonest = lots.reduce((a, b) => (b.expiresOn! < a.expiresOn! ? b : a)).expiresOn!;
  return {
    amountMinor: lots.reduce((sum, lot) => sum + lot.remainingMinor, 0),
    lastDay: lastDayBefore(soonest),
    expiringMinor: lots.filter((lot) => lot.expiresOn === soonest).reduce((sum, lot) => sum + lot.remainingMinor, 0),
  };
}

function includedTextsOf(plan: Plan | undefined, used: { incoming: number; outgoing: number }): IncludedTexts | null {
  const m = plan?.messaging ?? null;
  if (m === null) return null;
  return { sent: { used: used.outgoing, included: m.includedOutgoing }, received: { used: used.incoming, included: m.includedIncoming } };
}

/**
 * An account as a reader at `nowMs` sees it: periods renewed and credits expired up
 * to now, without touching the ledger (the log's clock may lag the reader's).
 */
export function accountViewAt(catalog: Catalog, stored: AccountState, nowMs: number): AccountView {
  const account = structuredClone(stored);
  advanceAccount(account, catalog, nowMs, 0, emptyEffects());
  const sub = account.subscription;
  let subscription: SubscriptionView | null = null;
  if (sub) {
    const p = sub.period;
    const state = sub.state === 'active' && nowMs < startDateBeginsMs(sub.startDate, catalog.plans[sub.planId]?.businessHours?.timeZone ?? null) ? 'not_started' : sub.state;
    const active = state === 'active';
    subscription = {
      subscriptionId: sub.subscriptionId,
      planId: sub.planId,
      plan: catalog.plans[sub.planId] ?? null,
      state,
      renewal: sub.renewal,
      periodStartsOn: state === 'expired' || state === 'cancelled' ? null : p.startsOn,
      periodEndsOn: state === 'expired' || state === 'cancelled' ? null : p.endsOn,
      includedSeconds: p.includedSeconds,
      includedRemaining: active ? Math.max(0, p.includedRemaining) : 0,
      rolloverSeconds: p.rolloverSeconds,
      rolloverRemaining: active ? Math.max(0, p.rolloverRemaining) : 0,
      usedSeconds: active ? Math.max(0, p.includedSeconds + p.rolloverSeconds - p.includedRemaining - p.rolloverRemaining) : 0,
      remainingSeconds: active ? Math.max(0, p.includedRemaining) + Math.max(0, p.rolloverRemaining) : 0,
      nextRenewalOn: state !== 'expired' && state !== 'cancelled' && sub.renewal === 'auto' && sub.cancelOn === null ? p.endsOn : null,
      includedTexts: includedTextsOf(catalog.plans[p.planId], active ? (p.messagesUsed ?? { incoming: 0, outgoing: 0 }) : { incoming: 0, outgoing: 0 }),
    };
    if (state === 'not_started') subscription.remainingSeconds = p.includedRemaining;
  }
  const wallet = account.wallet;
  return {
    subscription,
    wallet: wallet
      ? {
          balanceMinor: walletBalance(wallet),
          currency: wallet.currency,
          low: walletBalance(wallet) < catalog.policy.lowBalanceThresholdMinor,
          exhausted: walletBalance(wallet) <= 0,
          planCredit: planCreditOf(wallet),
        }
      : null,
  };
}
