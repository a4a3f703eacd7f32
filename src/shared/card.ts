import type { CallRounding } from './billing/catalog';
import type { E164 } from './phone';
import type { PlanCreditView } from './billing/engine/account-view';

/** Who the caller is, as far as billing is concerned. */
export type CallerStatus = 'subscriber' | 'non_subscriber' | 'unknown';

export type CallPhase = 'ringing' | 'active' | 'ended';

export interface RecentCall {
  callId: string;
  startedAt: string;
  durationSeconds: number;
  answered: boolean;
}

export interface OpenInvoice {
  invoiceId: string;
  docNumber: string;
  dueDate: string | null;
  balanceMinor: number;
  currency: string;
  overdue: boolean;
  /** Issue 10; optional so cards built before it still read. Its QuickBooks DocNumber, or the one it will be sent with. */
  number?: string;
  /** What the invoice is for and when it was issued; a pay-per-call invoice's call day. */
  kind?: 'subscription' | 'usage' | 'pay_per_call' | 'wallet_top_up';
  issueDate?: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  callDate?: string | null;
  /** Whole days past the due date (0 when not overdue). */
  daysOverdue?: number;
}

/** Every unpaid invoice of the caller, not only the ones listed: "3 unpaid · $297 · oldest 64 days". */
export interface OpenInvoiceSummary {
  count: number;
  overdueCount: number;
  balanceMinor: number;
  currency: string;
  /** Issue date of the oldest unpaid invoice. */
  oldestIssueDate: string;
  /** Whole days from that date to today. */
  oldestDays: number;
}

/** What billing knows about the caller, for the card's bar, banners and live projection. */
export interface CardBilling {
  subscription: {
    state: 'active' | 'expired' | 'not_started';
    periodStartsOn: string | null;
    periodEndsOn: string | null;
    /** Included time of this period plus rollover, before this call. */
    availableSeconds: number;
    rolloverSeconds: number;
  } | null;
  /** planCredit (issue 13): the plan's period credit inside the balance; absent on cards built before it. */
  wallet: { balanceMinor: number; currency: string; low: boolean; exhausted: boolean; planCredit?: PlanCreditView | null } | null;
  /** What time costs once prepaid time and wallet are used up. */
  rate: { kind: 'overage' | 'pay_per_call'; amountMinor: number; per: 'minute' | 'hour'; perCallFeeMinor: number; currency: string };
  /** The rounding rules this caller's calls are billed by, to project "if it ended now". */
  rounding: Pick<CallRounding, 'incrementSeconds' | 'minimumBillableSeconds' | 'graceSeconds'>;
  /** Banners, most important first: "Low balance: $12.00 left", "Subscription expired — switching to pay-per-call". */
  banners: string[];
}

/** The newest text with the caller (campaign texts left out), for "Last message". */
export interface CardLastMessage {
  conversationKey: string;
  direction: 'incoming' | 'outgoing';
  /** The first 200 characters, or "Photo or attachment". */
  preview: string;
  at: string;
}

/** The caller's latest earlier call that has a provider summary, with its next steps. */
export interface CardLastCallSummary {
  callId: string;
  startedAt: string;
  summary: string[];
  nextSteps: string[];
}

/** Everything the caller card shows; built by the console core, rendered as is. */
export interface CallerCard {
  callId: string;
  phase: CallPhase;
  direction: 'incoming' | 'outgoing';
  number: E164;
  businessNumber: E164;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  /** Talk time of an ended call. */
  durationSeconds: number | null;
  status: CallerStatus;
  /** `address` and `notes` since issue 12 (optional so cards built before it still read). */
  customer: { id: string; name: string; company: string | null; address?: string | null; notes?: string } | null;
  plan: { id: string; name: string; includedSeconds: number; period: 'monthly' | 'annual' } | null;
  /** Included time left in the current period; null when there is no plan. */
  remainingSeconds: number | null;
  recentCalls: RecentCall[];
  openInvoices: OpenInvoice[];
  /** Issue 10; optional so cards built before it still read: null when nothing is unpaid. */
  openInvoiceSummary?: OpenInvoiceSummary | null;
  /** One line the agent reads first, e.g. "Unknown caller, pay-per-call". */
  notice: string;
  pinned: boolean;
  /** What billing knows about the caller (every card has it; an unknown caller's is the rate card). */
  billing: CardBilling;
  /** Issue 9; optional so cards built before it still read: null when there is none. */
  lastMessage?: CardLastMessage | null;
  lastCallSummary?: CardLastCallSummary | null;
}
