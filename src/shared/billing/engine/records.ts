import type { Bucket, ChargeLine, InvoiceLineRow, InvoiceRow, WalletEntryRow } from '../../api/billing';
import type { LotKind } from './book';

/**
 * What the engine produces, as rows: the ledger is append-only (charges, wallet
 * entries, adjustments, payments, invoice lines); invoice headers are upserted and
 * their statuses moved by `nextInvoiceState`.
 */

/** Money taken from one wallet lot, kept so a reversal gives it back to the same lot. */
export interface WalletDraw {
  lotId: string;
  order: number;
  kind: LotKind;
  expiresOn: string | null;
  amountMinor: number;
  /** Set when the lot was a plan's period credit (kept so a correction gives it back as one). */
  fromPlan?: true;
  label?: string;
}

export interface ChargeRecord {
  chargeId: string;
  callId: string;
  seq: number;
  /** The customer at rating time; null for an unknown caller. */
  customerId: string | null;
  /** Who is invoiced: the customer, or whoever later owns an unknown caller's number. */
  billedCustomerId: string | null;
  number: string;
  startedAtMs: number;
  answeredAtMs: number | null;
  voicemail: boolean;
  ratedAtMs: number;
  rawSeconds: number;
  billableSeconds: number;
  /** Included + rollover seconds used (negative on a reversal). */
  prepaidSeconds: number;
  lines: ChargeLine[];
  /** Sum of every line's money, wallet included. */
  totalMinor: number;
  /** What goes on an invoice: overage, pay-per-call and fees. */
  owedMinor: number;
  currency: string;
  /** The rate of its overage / pay-per-call time: rateMinor per ratePerSeconds (60 or 3600). */
  rateMinor: number;
  ratePerSeconds: number;
  trace: string[];
  walletDraws: WalletDraw[];
  /** Money the wallet went below zero for (allow_negative). */
  walletDebtMinor: number;
  /** Which grace count the call used: the subscription period's, or the pay-per-call month's. */
  graceFrom: 'period' | 'month' | null;
  reversesChargeId: string | null;
  reversedByChargeId: string | null;
  invoiceKey: string | null;
}

export interface WalletEntryRecord {
  entryId: string;
  customerId: string;
  seq: number;
  atMs: number;
  kind: WalletEntryRow['kind'];
  amountMinor: number;
  balanceAfterMinor: number;
  currency: string;
  description: string;
  chargeId: string | null;
}

export interface AdjustmentRecord {
  adjustmentId: string;
  customerId: string;
  seq: number;
  atMs: number;
  unit: 'seconds' | 'money';
  requested: number;
  applied: number;
  reason: string;
  by: string;
  description: string;
}

export type InvoiceKind = InvoiceRow['kind'];

export interface InvoiceRecord {
  invoiceKey: string;
  customerId: string | null;
  kind: InvoiceKind;
  status: 'draft' | 'ready';
  issueDate: string;
  periodStart: string | null;
  periodEnd: string | null;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  currency: string;
}

export interface InvoiceLineRecord extends InvoiceLineRow {
  invoiceKey: string;
  lineNo: number;
  chargeId: string | null;
}

export type InvoiceChange =
  | { kind: 'status'; status: 'ready' | 'void' }
  | { kind: 'synced'; quickbooksId: string; docNumber: string }
  | { kind: 'balance'; totalMinor: number; balanceMinor: number }
  | { kind: 'payment'; paymentId: string; amountMinor: number };

export interface InvoiceChangeRecord {
  /** Null: the invoice is named by its QuickBooks id only. */
  invoiceKey: string | null;
  quickbooksId: string | null;
  change: InvoiceChange;
}

export interface PaymentRecord {
  paymentId: string;
  customerId: string;
  seq: number;
  receivedOn: string;
  amountMinor: number;
  currency: string;
  /** Words for the ledger ("Paid $199.00 by Flutterwave — Growth subscription for December"); absent: "Payment received". */
  description?: string;
}

/** A charge that failed (payment.failed): shown on the customer's ledger, nothing credited or owed. */
export interface FailedPaymentRecord {
  paymentId: string;
  /** Null when the provider's charge named no customer Ringside knows. */
  customerId: string | null;
  seq: number;
  atMs: number;
  amountMinor: number;
  currency: string | null;
  description: string;
}

export interface BillingEffects {
  charges: ChargeRecord[];
  reversals: { chargeId: string; reversedByChargeId: string }[];
  chargeInvoices: { chargeId: string; invoiceKey: string; billedCustomerId: string }[];
  walletEntries: WalletEntryRecord[];
  adjustments: AdjustmentRecord[];
  invoices: InvoiceRecord[];
  invoiceLines: InvoiceLineRecord[];
  invoiceChanges: InvoiceChangeRecord[];
  payments: PaymentRecord[];
  failedPayments: FailedPaymentRecord[];
  /** Customers whose account state changed. */
  accounts: string[];
  /** The catalog changed. */
  bookChanged: boolean;
  /** Customers merged (customer.merged, when billing allowed it): their rows now belong to the second. */
  merges: { fromCustomerId: string; intoCustomerId: string }[];
}

export function emptyEffects(): BillingEffects {
  return {
    charges: [],
    reversals: [],
    chargeInvoices: [],
    walletEntries: [],
    adjustments: [],
    invoices: [],
    invoiceLines: [],
    invoiceChanges: [],
    payments: [],
    failedPayments: [],
    accounts: [],
    bookChanged: false,
    merges: [],
  };
}

export function touchAccount(effects: BillingEffects, customerId: string): void {
  if (!effects.accounts.includes(customerId)) effects.accounts.push(customerId);
}

/** Where the engine reads charges it made earlier (for corrections and late invoicing). */
export interface ChargeStore {
  /** The call's latest charge that has not been reversed. */
  latestForCall(callId: string): ChargeRecord | undefined;
  /** An unknown caller's charges with money owed that no invoice has taken yet. */
  uninvoicedForNumber(number: string): ChargeRecord[];
}

/** A ChargeStore in memory, for tests and benchmarks of the engine alone; `record` applies an event's effects. */
export class MemoryChargeStore implements ChargeStore {
  private readonly byId = new Map<string, ChargeRecord>();
  private readonly latest = new Map<string, string>();

  latestForCall(callId: string): ChargeRecord | undefined {
    const id = this.latest.get(callId);
    return id === undefined ? undefined : this.byId.get(id);
  }

  uninvoicedForNumber(number: string): ChargeRecord[] {
    return [...this.byId.values()].filter((c) => c.number === number && c.billedCustomerId === null && c.invoiceKey === null && c.owedMinor !== 0 && c.reversedByChargeId === null);
  }

  record(effects: BillingEffects): void {
    for (const charge of effects.charges) {
      this.byId.set(charge.chargeId, { ...charge });
      if (charge.reversesChargeId === null) this.latest.set(charge.callId, charge.chargeId);
    }
    for (const r of effects.reversals) {
      const charge = this.byId.get(r.chargeId);
      if (charge) charge.reversedByChargeId = r.reversedByChargeId;
    }
    for (const i of effects.chargeInvoices) {
      const charge = this.byId.get(i.chargeId);
      if (charge) {
        charge.invoiceKey = i.invoiceKey;
        charge.billedCustomerId = i.billedCustomerId;
      }
    }
  }

  all(): ChargeRecord[] {
    return [...this.byId.values()];
  }
}

export type { Bucket };
