import type { CallerCard, CallerStatus, CallPhase, RecentCall } from '../../shared/card';
import type { E164 } from '../../shared/phone';
import { formatDuration } from '../../shared/units';
import type { CallRow, PlanRow, SubscriptionRow } from '../db/schema';
import { remainingIncludedSeconds, type CompletedCallTime } from './remaining-included-seconds';

export interface CardCustomer {
  id: string;
  name: string;
  company: string | null;
}

export interface CallerCardInput {
  call: CallRow;
  /** The customer the number belongs to (the most recently updated one when shared). */
  customer: CardCustomer | null;
  /** How many other customers have this number too. */
  otherCustomersOnNumber: number;
  /** The customer's current subscription (started on or before today) and its plan. */
  subscription: SubscriptionRow | null;
  plan: PlanRow | null;
  completedCallsThisPeriod: readonly CompletedCallTime[];
  /** The caller's latest calls, newest first, this call excluded. */
  recentCalls: readonly CallRow[];
  pinned: boolean;
  now: Date;
}

export const RECENT_CALLS_ON_CARD = 3;

/** The caller card as the agent sees it; a pure function of what the database holds. */
export function buildCallerCard(input: CallerCardInput): CallerCard {
  const { call, customer, subscription, plan } = input;
  const subscribed = customer !== null && subscription !== null && plan !== null;
  const status: CallerStatus = customer === null ? 'unknown' : subscribed ? 'subscriber' : 'non_subscriber';
  const remainingSeconds = subscribed
    ? remainingIncludedSeconds({
        plan: { includedSeconds: plan.included_seconds, period: plan.period },
        subscription: { startDate: subscription.start_date },
        completedCallsThisPeriod: input.completedCallsThisPeriod,
        now: input.now,
      })
    : null;
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
    customer: customer && { id: customer.id, name: customer.name, company: customer.company },
    plan: subscribed ? { id: plan.plan_id, name: plan.name, includedSeconds: plan.included_seconds, period: plan.period } : null,
    remainingSeconds,
    recentCalls: input.recentCalls.slice(0, RECENT_CALLS_ON_CARD).map(recentCall),
    openInvoices: [],
    notice: notice(status, remainingSeconds, input.otherCustomersOnNumber),
    pinned: input.pinned,
  };
}

function callPhase(call: CallRow): CallPhase {
  if (call.status === 'completed') return 'ended';
  return call.answered_at_ms === null ? 'ringing' : 'active';
}

function notice(status: CallerStatus, remainingSeconds: number | null, otherCustomersOnNumber: number): string {
  const shared = otherCustomersOnNumber > 0 ? ` (number shared with ${otherCustomersOnNumber} other customer${otherCustomersOnNumber > 1 ? 's' : ''})` : '';
  switch (status) {
    case 'subscriber':
      return remainingSeconds === 0
        ? `Subscriber calling — no included time left, overage applies${shared}`
        : `Subscriber calling — ${formatDuration(remainingSeconds ?? 0)} remaining${shared}`;
    case 'non_subscriber':
      return `Non-subscriber calling — will be billed${shared}`;
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
