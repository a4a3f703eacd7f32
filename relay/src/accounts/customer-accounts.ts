import type { InvoiceLineRow, InvoiceStatus } from '../../../src/shared/api/billing';
import type { AccountView } from '../../../src/shared/billing/engine/account-view';

/**
 * The relay's accounts read whole, for what answers customers without a console (issue 14):
 * the client portal and the notice rules. Every answer is as of the last committed append,
 * read at `nowMs` (periods renewed and credits expired up to then).
 */

export interface CustomerInvoice {
  invoiceKey: string;
  kind: string;
  status: InvoiceStatus;
  issueDate: string;
  dueDate: string | null;
  /** Tax included. */
  totalMinor: number;
  balanceMinor: number;
  currency: string;
  /** QuickBooks' DocNumber once synced; null before. */
  docNumber: string | null;
  quickbooksId: string | null;
  /** The seq of the event that issued it (notices are only sent for invoices issued after they were turned on). */
  issuedSeq: number;
}

export interface CustomerInvoiceWithLines extends CustomerInvoice {
  periodStart: string | null;
  periodEnd: string | null;
  subtotalMinor: number;
  taxMinor: number;
  /** Line for line what the consoles' invoice drafts hold (the same fold). */
  lines: InvoiceLineRow[];
}

export interface CustomerCall {
  callId: string;
  /** ISO times. */
  startedAt: string;
  /** What was billed, in seconds (after the plan's rounding). */
  billedSeconds: number;
  /** What the call cost beyond included time and wallet (0 when covered). */
  owedMinor: number;
  currency: string;
  /** "Included hours", "Overage", "Wallet", "Pay-per-call": how it was paid, in words. */
  paidBy: string;
  /** A later correction replaced this charge. */
  corrected: boolean;
}

export interface CustomerAccount {
  customerId: string;
  name: string;
  company: string | null;
  /** Valid-looking addresses, the main one first. */
  emails: string[];
  /** E.164, sorted. */
  phones: string[];
  /** QuickBooks' Customer.Id when linked. */
  quickbooksId: string | null;
  /** The service or postal address (customer.upserted `address`), lines separated by newlines; null when not known. */
  address: string | null;
  view: AccountView;
  invoices: CustomerInvoice[];
}

export interface CustomerAccountsReader {
  /** Every customer the accounts know (not removed), by id. */
  customerIds(): string[];
  /** Null: no such customer (or removed). A merged customer answers null; use `survivorOf`. */
  accountOf(customerId: string, nowMs: number): CustomerAccount | null;
  /** The customer a merged one now lives on (itself when never merged); null when unknown. */
  survivorOf(customerId: string): string | null;
  /** One of this customer's invoices with its lines; null when it is not theirs. */
  invoiceOf(customerId: string, invoiceKey: string): CustomerInvoiceWithLines | null;
  /** The customer's billed calls, newest first. */
  callsOf(customerId: string, options: { limit: number; beforeStartedAt?: string }): CustomerCall[];
}
