import { z } from 'zod';
import { billingPolicySchema, planSchema, rateCardSchema } from '../billing/catalog';
import type { Page } from './page';
import type { PlanCreditView } from '../billing/engine/account-view';

/**
 * The billing part of the renderer API (merged into apiInputSchemas in contract.ts).
 * Reads come from the console's projection; writes become console events posted to
 * the relay, which enforces that only admin devices may make them.
 */

const id = z.string().min(1).max(200);
const chargeCursor = z.object({ startedAt: z.string().max(40), seq: z.number().int().min(0), chargeId: id }).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
/** Where a page of accounts (subscriptions, wallets) ended: its last row's (customerName, customerId). */
const accountCursor = z.object({ customerName: z.string().max(1000), customerId: id }).strict();
/** Where a page of invoices ended: its last row's (issueDate, invoiceKey); newest issue first, then by key. */
const invoiceCursor = z.object({ issueDate: isoDate, invoiceKey: id }).strict();
const pageLimit = z.number().int().min(1).max(1000);

export type Bucket =
  | 'included'
  | 'rollover'
  | 'wallet'
  | 'overage'
  | 'pay_per_call'
  | 'fee'
  | 'free'
  // A text message (seconds 0): from the plan's included texts, paid from the wallet, or billed at the per-text rate.
  | 'message_included'
  | 'message_wallet'
  | 'message_overage'
  | 'message_pay_per_use';

export interface ChargeLine {
  bucket: Bucket;
  /** Time taken from the bucket (0 for fees). */
  seconds: number;
  amountMinor: number;
  currency: string;
}

export interface ChargeRow {
  chargeId: string;
  /** Seq of the event that wrote it: orders charges of the same start. */
  seq: number;
  callId: string;
  customerId: string | null;
  customerName: string | null;
  /** The caller's number (unknown callers have no customer). */
  number: string;
  startedAt: string;
  rawSeconds: number;
  billableSeconds: number;
  lines: ChargeLine[];
  totalMinor: number;
  currency: string;
  /** Human-readable rules that produced it, in order. */
  trace: string[];
  /** Set on a reversing entry (a correction), pointing at the charge it cancels. */
  reversesChargeId: string | null;
  reversedByChargeId: string | null;
  /** Set when the charge is for a text message rather than a call (callId is then the message's charge key). */
  message: { direction: 'incoming' | 'outgoing' } | null;
}

/** Where the previous page of charges ended: its last row's (startedAt, seq, chargeId). */
export type ChargeCursor = z.infer<typeof chargeCursor>;
export type AccountCursor = z.infer<typeof accountCursor>;
export type InvoiceCursor = z.infer<typeof invoiceCursor>;

export interface SubscriptionRow {
  subscriptionId: string;
  customerId: string;
  customerName: string;
  planId: string;
  planName: string;
  state: 'active' | 'expired' | 'not_started' | 'cancelled';
  renewal: 'auto' | 'end';
  periodStartsOn: string | null;
  periodEndsOn: string | null;
  includedSeconds: number;
  usedSeconds: number;
  rolloverSeconds: number;
  remainingSeconds: number;
  nextRenewalOn: string | null;
  /** Included texts used this period, per direction; null when the plan does not bill texts. */
  includedTexts: IncludedTexts | null;
}

export interface IncludedTexts {
  sent: { used: number; included: number };
  received: { used: number; included: number };
}

export interface WalletRow {
  customerId: string;
  customerName: string;
  balanceMinor: number;
  currency: string;
  low: boolean;
  exhausted: boolean;
  /** Issue 13: the plan's period credit inside the balance ("includes $50.00 plan credit, expires Dec 31"). */
  planCredit?: PlanCreditView | null;
}

export interface WalletEntryRow {
  entryId: string;
  at: string;
  kind: 'top_up' | 'grant' | 'bonus' | 'usage' | 'expiry' | 'adjustment' | 'reversal';
  amountMinor: number;
  balanceAfterMinor: number;
  description: string;
}

export interface InvoiceLineRow {
  description: string;
  quantity: string;
  unit: 'hour' | 'minute' | 'each';
  unitPriceMinor: number;
  amountMinor: number;
  taxBasisPoints: number;
  taxMinor: number;
}

export type InvoiceStatus = 'draft' | 'ready' | 'synced' | 'paid' | 'void';

export interface InvoiceRow {
  invoiceKey: string;
  customerId: string | null;
  customerName: string | null;
  kind: 'subscription' | 'usage' | 'pay_per_call' | 'wallet_top_up';
  status: InvoiceStatus;
  issueDate: string;
  periodStart: string | null;
  periodEnd: string | null;
  lines: InvoiceLineRow[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  currency: string;
  /** Issue 10. Its QuickBooks DocNumber, or the one it will be sent with: the number people read, never the key. */
  number: string;
  /** Whether QuickBooks has it (its DocNumber came back). */
  inQuickBooks: boolean;
  /** What is still owed. */
  balanceMinor: number;
  /** From QuickBooks; null until it has sent one. */
  dueDate: string | null;
  overdue: boolean;
}

/** A page of invoices, with the count and sums of every invoice the filters match. */
export interface InvoicePage extends Page<InvoiceRow> {
  totals: { totalMinor: number; balanceMinor: number; overdue: number; currency: string };
}

export interface StatementLine {
  at: string;
  description: string;
  /** Positive: the customer owes more; negative: a payment or credit. */
  amountMinor: number;
  /** Time used from prepaid buckets, for the same line. */
  seconds: number;
}

export interface Statement {
  customerId: string;
  customerName: string;
  from: string;
  to: string;
  currency: string;
  lines: StatementLine[];
  totalMinor: number;
}

export interface BillingCatalog {
  plans: z.output<typeof planSchema>[];
  rateCard: z.output<typeof rateCardSchema>;
  policy: z.output<typeof billingPolicySchema>;
}

export interface UsagePoint {
  /** Day (YYYY-MM-DD) in UTC. */
  day: string;
  billedSeconds: number;
  amountMinor: number;
}

/** Who used the most billed time in a window: a customer, or an unknown caller by number. */
export interface CustomerUsage {
  customerId: string | null;
  /** The caller's number when there is no customer. */
  number: string | null;
  /** The customer's name (null for an unknown caller). */
  name: string | null;
  billedSeconds: number;
  amountMinor: number;
}

/** Sums of the charges of the last days (UTC), computed by the core. */
export interface UsageSummary {
  /** First and last day of the window (YYYY-MM-DD, UTC). */
  from: string;
  to: string;
  billedSeconds: number;
  amountMinor: number;
  charges: number;
  /** Most billed time first. */
  topCustomers: CustomerUsage[];
}

export const billingApiInputSchemas = {
  'billing.catalog': z.object({}).strict(),
  'billing.subscriptions': z.object({}).strict(),
  'billing.wallets': z.object({}).strict(),
  // Paged by customer name then id, with the count of the whole list.
  'billing.subscriptionPage': z.object({ limit: pageLimit, after: accountCursor.optional() }).strict(),
  'billing.walletPage': z.object({ limit: pageLimit, after: accountCursor.optional() }).strict(),
  'billing.walletLedger': z.object({ customerId: id }).strict(),
  'billing.charges': z.object({ customerId: id.optional(), limit: z.number().int().min(1).max(1000), before: chargeCursor.optional() }).strict(),
  'billing.invoices': z.object({ status: z.enum(['draft', 'ready', 'synced', 'paid', 'void']).optional(), limit: z.number().int().min(1).max(1000) }).strict(),
  'billing.invoicePage': z
    .object({
      status: z.enum(['draft', 'ready', 'synced', 'paid', 'void']).optional(),
      // Issue 10: words of the customer's name or company, or of the invoice number.
      search: z.string().trim().max(200).optional(),
      overdue: z.boolean().optional(),
      // Issued on or after / on or before.
      issuedFrom: isoDate.optional(),
      issuedTo: isoDate.optional(),
      // These invoices only (the Sync page names the ones QuickBooks refused).
      invoiceKeys: z.array(id).max(1_000).optional(),
      limit: pageLimit,
      after: invoiceCursor.optional(),
    })
    .strict(),
  'billing.statement': z.object({ customerId: id, from: isoDate, to: isoDate }).strict(),
  'billing.usage': z.object({ days: z.number().int().min(1).max(366), customerId: id.optional() }).strict(),
  'billing.usageSummary': z.object({ days: z.number().int().min(1).max(366), top: z.number().int().min(1).max(100) }).strict(),
  'billing.definePlan': planSchema.strict(),
  'billing.defineRateCard': rateCardSchema.strict(),
  'billing.definePolicy': billingPolicySchema.strict(),
  'billing.startSubscription': z.object({ customerId: id, planId: id, startDate: isoDate, renewal: z.enum(['auto', 'end']).default('auto') }).strict(),
  'billing.changeSubscription': z.object({ subscriptionId: id, planId: id, effectiveDate: isoDate }).strict(),
  'billing.cancelSubscription': z.object({ subscriptionId: id, effectiveDate: isoDate }).strict(),
  'billing.creditWallet': z
    .object({ customerId: id, kind: z.enum(['top_up', 'grant', 'bonus']), amountMinor: z.number().int().min(1), currency: z.string().regex(/^[A-Z]{3}$/), expiresOn: isoDate.nullable().default(null), note: z.string().max(500).default('') })
    .strict(),
  /** Bills a top-up as an invoice; the wallet is credited once it is paid. */
  'billing.invoiceTopUp': z.object({ customerId: id, amountMinor: z.number().int().min(1), currency: z.string().regex(/^[A-Z]{3}$/), note: z.string().max(500).default('') }).strict(),
  'billing.recordAdjustment': z
    .object({ customerId: id, unit: z.enum(['seconds', 'money']), amount: z.number().int().refine((n) => n !== 0, 'must not be 0'), reason: z.string().min(1).max(500) })
    .strict(),
  'billing.correctCall': z.object({ callId: id, durationSeconds: z.number().int().min(0), reason: z.string().min(1).max(500) }).strict(),
  'billing.setInvoiceStatus': z.object({ invoiceKey: id, status: z.enum(['ready', 'void']) }).strict(),
} as const;

/** A write answers with the seq the relay gave its event. */
export interface Appended {
  seq: number;
}

export interface BillingApiOutputs {
  'billing.catalog': BillingCatalog;
  'billing.subscriptions': SubscriptionRow[];
  'billing.wallets': WalletRow[];
  'billing.subscriptionPage': Page<SubscriptionRow>;
  'billing.walletPage': Page<WalletRow>;
  'billing.walletLedger': WalletEntryRow[];
  'billing.charges': ChargeRow[];
  'billing.invoices': InvoiceRow[];
  'billing.invoicePage': InvoicePage;
  'billing.statement': Statement;
  'billing.usage': UsagePoint[];
  'billing.usageSummary': UsageSummary;
  'billing.definePlan': Appended;
  'billing.defineRateCard': Appended;
  'billing.definePolicy': Appended;
  'billing.startSubscription': Appended;
  'billing.changeSubscription': Appended;
  'billing.cancelSubscription': Appended;
  'billing.creditWallet': Appended;
  'billing.invoiceTopUp': Appended;
  'billing.recordAdjustment': Appended;
  'billing.correctCall': Appended;
  'billing.setInvoiceStatus': Appended;
}
