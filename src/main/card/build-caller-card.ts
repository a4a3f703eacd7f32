import type { CallerCard, CallerStatus, CallPhase, CardBilling, CardLastCallSummary, CardLastMessage, OpenInvoice, RecentCall } from '../../shared/card';
import type { E164 } from '../../shared/phone';
import { formatDuration, formatMoney } from '../../shared/units';
import type { AccountView } from '../../shared/billing/engine/account-view';
import type { Catalog } from '../../shared/billing/engine/book';
import type { CallRow } from '../db/schema';

export interface CardCustomer {
  id: string;
  name: string;
  company: string | null;
  address: string | null;
  notes: string;
}

export interface CallerCardInput {
  call: CallRow;
  /** The customer the number belongs to (the most recently updated one when shared). */
  customer: CardCustomer | null;
  /** How many other customers have this number too. */
  otherCustomersOnNumber: number;
  catalog: Catalog;
  /** The customer's billing account at `now` (empty for an unknown caller). */
  account: AccountView;
  /** The caller's latest calls, newest first, this call excluded. */
  recentCalls: readonly CallRow[];
  /** The customer's open invoices, newest first (none for an unknown caller). */
  openInvoices: readonly OpenInvoice[];
  pinned: boolean;
  /** The newest text with the caller's numbers, and their latest summarized call. */
  lastMessage?: CardLastMessage | null;
  lastCallSummary?: CardLastCallSummary | null;
}

export const RECENT_CALLS_ON_CARD = 3;

export const EXPIRED_NOTICE = 'Subscription expired — switching to pay-per-call';

/** The caller card as the agent sees it; a pure function of what the database holds. */
export function buildCallerCard(input: CallerCardInput): CallerCard {
  const { call, customer, account } = input;
  const sub = customer ? account.subscription : null;
  const subscribed = sub !== null && sub.state === 'active' && sub.plan !== null;
  const expired = !subscribed && (sub?.state === 'expired' || sub?.state === 'cancelled');
  const status: CallerStatus = customer === null ? 'unknown' : subscribed ? 'subscriber' : 'non_subscriber';
  const remainingSeconds = subscribed ? sub.remainingSeconds : null;
  const billing = cardBilling(input.catalog, customer ? account : { subscription: null, wallet: null }, subscribed, expired);
  return {
    callId: call.call_id,
    phase: callPhase(call),
    direction: call.direction,
    number: call.external_e164 as E164,
    businessNumber: call.business_e164 as E164,
    startedAt: isoInstant(call.started_at_ms),
    answeredAt: call.answered_at_ms === null ? null : isoInstant(call.answered_at_ms),
    endedAt: call.completed_at_ms === null ? null : isoInstant(call.completed_at_ms),
    durationSeconds: call.status === 'completed' ? (call.duration_seconds ?? 0) : null,
    status,
    customer: customer && { id: customer.id, name: customer.name, company: customer.company, address: customer.address, notes: customer.notes },
    plan: subscribed && sub.plan ? { id: sub.plan.planId, name: sub.plan.name, includedSeconds: sub.plan.includedSeconds, period: sub.plan.period } : null,
    remainingSeconds,
    recentCalls: input.recentCalls.slice(0, RECENT_CALLS_ON_CARD).map(recentCall),
    openInvoices: customer ? [...input.openInvoices] : [],
    notice: notice(status, expired, remainingSeconds, input.otherCustomersOnNumber),
    pinned: input.pinned,
    billing,
    lastMessage: input.lastMessage ?? null,
    lastCallSummary: input.lastCallSummary ?? null,
  };
}

function cardBilling(catalog: Catalog, account: AccountView, subscribed: boolean, expired: boolean): CardBilling {
  const sub = account.subscription;
  const plan = subscribed ? sub?.plan : null;
  const rules = plan ?? catalog.rateCard;
  const banners: string[] = [];
  if (expired) banners.push(EXPIRED_NOTICE);
  const wallet = account.wallet;
  if (wallet?.exhausted) banners.push('Balance exhausted');
  else if (wallet?.low) banners.push(`Low balance: ${formatMoney({ minor: wallet.balanceMinor, currency: wallet.currency })} left`);
  return {
    subscription: sub
      ? {
          state: sub.state === 'cancelled' ? 'expired' : sub.state,
          periodStartsOn: sub.periodStartsOn,
          periodEndsOn: sub.periodEndsOn,
          availableSeconds: sub.remainingSeconds,
          rolloverSeconds: sub.rolloverRemaining,
        }
      : null,
    wallet,
    rate: plan
      ? {
          kind: 'overage',
          amountMinor: plan.overageRatePerHourMinor ?? catalog.rateCard.ratePerMinuteMinor * 60,
          per: 'hour',
          perCallFeeMinor: plan.perCallFeeMinor,
          currency: plan.currency,
        }
      : { kind: 'pay_per_call', amountMinor: catalog.rateCard.ratePerMinuteMinor, per: 'minute', perCallFeeMinor: catalog.rateCard.perCallFeeMinor, currency: catalog.rateCard.currency },
    rounding: { incrementSeconds: rules.incrementSeconds, minimumBillableSeconds: rules.minimumBillableSeconds, graceSeconds: rules.graceSeconds },
    banners,
  };
}

function callPhase(call: CallRow): CallPhase {
  if (call.status === 'completed') return 'ended';
  return call.answered_at_ms === null ? 'ringing' : 'active';
}

function notice(status: CallerStatus, expired: boolean, remainingSeconds: number | null, otherCustomersOnNumber: number): string {
  const shared = otherCustomersOnNumber > 0 ? ` (number shared with ${otherCustomersOnNumber} other customer${otherCustomersOnNumber > 1 ? 's' : ''})` : '';
  switch (status) {
    case 'subscriber':
      return remainingSeconds === 0
        ? `Subscriber calling — no included time left, overage applies${shared}`
        : `Subscriber calling — ${formatDuration(remainingSeconds ?? 0)} remaining${shared}`;
    case 'non_subscriber':
      return `${expired ? EXPIRED_NOTICE : 'Non-subscriber calling — will be billed'}${shared}`;
    case 'unknown':
      return 'Unknown caller — pay-per-call';
  }
}

function recentCall(call: CallRow): RecentCall {
  return {
    callId: call.call_id,
    startedAt: isoInstant(call.started_at_ms),
    durationSeconds: call.duration_seconds ?? 0,
    answered: call.answered_at_ms !== null,
  };
}

function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}
