import { DEFAULT_BILLING_POLICY, DEFAULT_RATE_CARD, type BillingPolicy, type Plan, type RateCard } from '../catalog';
import type { InvoiceStatus } from '../../api/billing';
import type { ChargeStore } from './records';
import { DueQueue } from './due-queue';

/**
 * The billing engine's state: everything a fold over the log up to some seq knows.
 * Accounts are plain JSON-able objects (they are stored as JSON beside the applied
 * seq and reloaded at start); charges live in a ChargeStore (the database in the
 * console, a Map in tests), read only for corrections and late invoicing.
 */
export interface Catalog {
  plans: Record<string, Plan>;
  rateCard: RateCard;
  policy: BillingPolicy;
}

export type LotKind = 'top_up' | 'grant' | 'bonus' | 'adjustment' | 'reversal';

/** One credit in a wallet; usage takes the soonest-expiring lot first (top-ups never expire). */
export interface WalletLot {
  lotId: string;
  /** Seq of the event that made it: orders lots that expire together. */
  order: number;
  kind: LotKind;
  expiresOn: string | null;
  remainingMinor: number;
  /** A plan's period credit (issue 13): shown as "plan credit" on the card; absent on every other lot. */
  fromPlan?: true;
  /** What the credit is in words, for its expiry entry ("Growth plan credit for December"). */
  label?: string;
}

export interface WalletState {
  currency: string;
  lots: WalletLot[];
  /** What the wallet owes under `allow_negative`; the next credit pays it first. */
  debtMinor: number;
}

export interface PeriodState {
  index: number;
  startsOn: string;
  endsOn: string;
  planId: string;
  includedSeconds: number;
  includedRemaining: number;
  /** Rolled over from the previous period; lasts this period only. */
  rolloverSeconds: number;
  rolloverRemaining: number;
  graceUsed: number;
  /** Texts counted against the plan's included texts, per direction; absent until the first one. */
  messagesUsed?: { incoming: number; outgoing: number };
  /** The plan's credit for this period is still to be posted (on its first day); absent otherwise. */
  grantDue?: true;
}

export interface SubscriptionState {
  subscriptionId: string;
  planId: string;
  startDate: string;
  /** Periods count from here: the start date, or the effective date of the last plan change. */
  anchor: string;
  renewal: 'auto' | 'end';
  state: 'active' | 'expired' | 'cancelled';
  cancelOn: string | null;
  change: { planId: string; effectiveDate: string } | null;
  endedOn: string | null;
  period: PeriodState;
}

/** The open period invoice of usage (policy `period`). */
export interface UsageInvoiceState {
  invoiceKey: string;
  startsOn: string;
  endsOn: string;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  lineCount: number;
  /** Its grouped text-message lines ("Text messages sent: 12 × $0.05"); absent until the first one. */
  textLines?: TextInvoiceLine[];
}

/** One invoice line counting texts of one kind at one price; rewritten as texts are added or credited. */
export interface TextInvoiceLine {
  /** What texts it counts: label, unit price and tax rate. */
  group: string;
  lineNo: number;
  label: string;
  count: number;
  unitPriceMinor: number;
  basisPoints: number;
}

/** A top-up billed as an invoice, kept until it is paid (the wallet is credited) or void. */
export interface TopUpInvoiceState {
  invoiceKey: string;
  /** What the wallet gets when it is paid (the invoice's subtotal; tax is not credit). */
  creditMinor: number;
  currency: string;
  note: string;
  status: InvoiceStatus;
  balanceMinor: number;
  quickbooksId: string | null;
  /** Payments already applied, so a payment recorded twice counts once. */
  paymentIds: string[];
}

export interface AccountState {
  customerId: string;
  subscription: SubscriptionState | null;
  wallet: WalletState | null;
  /** Grace uses of a customer without a subscription, per calendar month. */
  paygGrace: { startsOn: string; used: number } | null;
  usageInvoice: UsageInvoiceState | null;
  /** Unsettled top-up invoices; absent in states saved before top-up invoices existed. */
  topUpInvoices?: TopUpInvoiceState[];
  /** Plan credits already posted (period-grant.ts keys): a period is never granted twice. Absent until the first. */
  grantKeys?: string[];
  /** payment.received ids already applied: a payment delivered twice counts once. Absent until the first. */
  receivedPayments?: string[];
  /** Subscription invoices a provider's payment has paid (payments.ts): a period is paid once. Absent until the first. */
  paidPeriods?: string[];
  /** Renewal charges that came just before the period they pay (held-renewals.ts). Absent until the first. */
  heldRenewals?: HeldRenewal[];
  /**
   * Customers merged into this one (merge-accounts.ts): a payment naming one of them (a link sent
   * before the merge, paid or delivered again after it) is this account's. Absent until the first.
   */
  mergedFrom?: string[];
}

/** A renewal paid ahead of its period: written, and applied to that period's invoice, when the period starts. */
export interface HeldRenewal {
  paymentId: string;
  seq: number;
  receivedOn: string;
  amountMinor: number;
  currency: string;
  periodStartsOn: string;
  description: string;
}

export interface PhoneOwner {
  customerId: string;
  seq: number;
}

export interface BillingBook {
  catalog: Catalog;
  /** The engine's clock: the latest relay `receivedAt` seen (docs/billing.md "The log's clock"). */
  clockMs: number;
  /**
   * Where the event being applied is placed (its own time, held between the settle
   * line and its receivedAt): what it charges, credits and renews happens at this
   * instant. Set per event, never stored.
   */
  placedAtMs: number;
  /** number → customers having it; the newest upsert wins, as on the card. */
  phoneOwners: Map<string, PhoneOwner[]>;
  customerPhones: Map<string, string[]>;
  accounts: Map<string, AccountState>;
  subscriptionOwners: Map<string, string>;
  /** Unsettled top-up invoice key → customer. */
  topUpOwners: Map<string, string>;
  due: DueQueue;
  charges: ChargeStore;
}

export function defaultCatalog(): Catalog {
  return { plans: {}, rateCard: DEFAULT_RATE_CARD, policy: DEFAULT_BILLING_POLICY };
}

export function createBillingBook(charges: ChargeStore, catalog: Catalog = defaultCatalog()): BillingBook {
  return {
    catalog,
    clockMs: Number.NEGATIVE_INFINITY,
    placedAtMs: Number.NEGATIVE_INFINITY,
    phoneOwners: new Map(),
    customerPhones: new Map(),
    accounts: new Map(),
    subscriptionOwners: new Map(),
    topUpOwners: new Map(),
    due: new DueQueue(),
    charges,
  };
}

export function newAccount(customerId: string): AccountState {
  return { customerId, subscription: null, wallet: null, paygGrace: null, usageInvoice: null };
}

/** The customer a number belongs to now (the most recently upserted owner). */
export function customerOfNumber(book: BillingBook, number: string): string | null {
  const owners = book.phoneOwners.get(number);
  if (!owners || owners.length === 0) return null;
  let best = owners[0]!;
  for (const owner of owners) if (owner.seq > best.seq) best = owner;
  return best.customerId;
}

/** Sets a customer's numbers (null: the customer was removed). */
export function setCustomerPhones(book: BillingBook, customerId: string, phones: readonly string[] | null, seq: number): void {
  for (const old of book.customerPhones.get(customerId) ?? []) {
    const rest = (book.phoneOwners.get(old) ?? []).filter((o) => o.customerId !== customerId);
    if (rest.length > 0) book.phoneOwners.set(old, rest);
    else book.phoneOwners.delete(old);
  }
  if (phones === null) {
    book.customerPhones.delete(customerId);
    return;
  }
  const unique = [...new Set(phones)];
  book.customerPhones.set(customerId, unique);
  for (const phone of unique) book.phoneOwners.set(phone, [...(book.phoneOwners.get(phone) ?? []), { customerId, seq }]);
}
