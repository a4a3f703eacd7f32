import type { E164 } from './phone';

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
  customer: { id: string; name: string; company: string | null } | null;
  plan: { id: string; name: string; includedSeconds: number; period: 'monthly' | 'annual' } | null;
  /** Included time left in the current period; null when there is no plan. */
  remainingSeconds: number | null;
  recentCalls: RecentCall[];
  openInvoices: OpenInvoice[];
  /** One line the agent reads first, e.g. "Unknown caller, pay-per-call". */
  notice: string;
  pinned: boolean;
}
