/**
 * What the relay's accounts projection (issue 13 §1) answers about one customer, for the
 * answers that cannot wait for a console: Vapi's assistant-request, the client portal,
 * OpenPhone's "hours remaining" contact field. Read at `nowMs` (periods renewed and
 * credits expired up to then), from the same billing fold every console runs.
 */
export interface AccountStanding {
  customerId: string;
  name: string;
  company: string | null;
  /** Every number the customer calls from, E.164, sorted (always given by the relay's projection). */
  phones?: string[];
  /** The active subscription's plan; null without one. */
  planId: string | null;
  planName: string | null;
  /** The plan is exempt from the balance check (an enterprise plan). */
  balanceExempt: boolean;
  /** Included + rollover seconds left this period; null without an active subscription. */
  includedSecondsRemaining: number | null;
  /** Null without a wallet. */
  walletBalanceMinor: number | null;
  /** The wallet's currency, else the plan's; null with neither. */
  currency: string | null;
  /** Invoices issued and not fully paid. */
  openInvoices: { invoiceKey: string; docNumber: string | null; balanceMinor: number; currency: string; dueDate: string | null }[];
}

/** The read side of the relay's accounts; every answer is as of the last committed append. */
export interface AccountsReader {
  /** The customer a caller's number belongs to now (the most recent upsert wins, as on the card); null: unknown caller. */
  standingOfNumber(e164: string, nowMs: number): AccountStanding | null;
  standingOfCustomer(customerId: string, nowMs: number): AccountStanding | null;
}
