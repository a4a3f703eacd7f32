import { z } from 'zod';
import type { QuickBooksConnection, QuickBooksDisconnectAnswer } from '../relay-rest/quickbooks';
import type { DeviceInfo } from '../relay-rest/devices';

export type { DeviceInfo } from '../relay-rest/devices';
export type { QuickBooksConnection, QuickBooksConnectionState } from '../relay-rest/quickbooks';

/**
 * The QuickBooks part of the renderer API (merged into apiInputSchemas in contract.ts).
 * The sync itself runs only on the bookkeeper console; every console reads the
 * connection state, and an admin console connects and disconnects QuickBooks through
 * the relay, which holds the secrets.
 */

const id = z.string().min(1).max(200);

export type QuickBooksSyncState =
  /** Not started (no device token, or the relay not reached yet), or stopped. */
  | 'stopped'
  | 'running'
  /** This console is not the bookkeeper: QuickBooks syncs on the bookkeeper console. */
  | 'not_bookkeeper'
  | 'not_connected'
  | 'needs_reconnect'
  /** Something else stops it (the relay unreachable, QuickBooks refusing); it tries again. */
  | 'error';

export interface QuickBooksImportProgress {
  /** Customers read from QuickBooks so far. */
  read: number;
  /** What QuickBooks counted at the start. */
  total: number;
  posted: number;
}

export type QuickBooksCatchUpEntity = 'customers' | 'payments' | 'invoices';

/** Reading QuickBooks again by query (issue 11 §4): after a long absence, or after a change list too long for one answer. */
export interface QuickBooksCatchUp {
  /** 'away': QuickBooks no longer keeps changes that old; 'many_changes': more changed than one change list holds. */
  reason: 'away' | 'many_changes';
  /** Whole days since the last change list, by QuickBooks' clock. */
  awayDays: number;
  entity: QuickBooksCatchUpEntity;
  read: number;
  total: number;
  running: boolean;
}

export interface QuickBooksFailure {
  invoiceKey: string;
  action: 'create' | 'void';
  code: string | null;
  /** QuickBooks' own words. */
  message: string;
  intuitTid: string | null;
  attempts: number;
  at: string;
}

export interface QuickBooksSyncStatus {
  state: QuickBooksSyncState;
  reason: string | null;
  connection: QuickBooksConnection | null;
  /** Last time invoices were pushed with nothing left due, and last successful CDC / import. */
  lastSyncOut: string | null;
  lastSyncIn: string | null;
  /** waitingTax: invoices held for a rate without a QuickBooks tax code (not failures; they go out once one is chosen). */
  queue: { queued: number; failed: number; waitingTax?: number };
  failures: QuickBooksFailure[];
  /** "Another bookkeeper console (Bea) is syncing with QuickBooks…" while another console holds the sync; its manual actions are off here. Absent or null otherwise. */
  syncingElsewhere?: string | null;
  /** "Waiting for a tax code for 0 %: choose it in Settings → QuickBooks" while invoices wait; absent or null otherwise. */
  waitingForTaxCode?: string | null;
  import: (QuickBooksImportProgress & { running: boolean }) | null;
  /** The last catch-up by query, while it runs and after; absent or null when there was none. */
  catchUp?: QuickBooksCatchUp | null;
  needsAttention: number;
  /** Issue 11: the connected company as last read (null before the first read, or on a console that does not sync). */
  company?: QuickBooksCompanySummary | null;
  /** Issue 11: synced invoices whose total in QuickBooks is not Ringside's, newest first. */
  totalDifferences?: QuickBooksTotalDifference[];
}

/** What Settings and Sync say about the company (issue 11 §1). */
export interface QuickBooksCompanySummary {
  country: string;
  /** True for US companies: TAX/NON, no tax codes to choose. */
  usesPseudoCodes: boolean;
  /** US automated sales tax: QuickBooks works the tax out itself, so totals may differ. */
  automatedSalesTax: boolean;
  customTxnNumbers: boolean;
  /** Plain words when QuickBooks numbers invoices itself; null otherwise. */
  customNumbersWarning: string | null;
  /** Ringside tax rates with no QuickBooks tax code yet (invoices with them wait). */
  unmappedRates: number[];
  readAt: string;
}

/** A synced invoice QuickBooks totals differently from Ringside. */
export interface QuickBooksTotalDifference {
  invoiceKey: string;
  docNumber: string | null;
  customerName: string | null;
  /** The invoice's date (YYYY-MM-DD): how an invoice without a number is named. */
  issueDate?: string;
  ringsideTotalMinor: number;
  quickbooksTotalMinor: number;
  currency: string;
  /** "QuickBooks added $4.13 of sales tax: its total is $99.13, Ringside's $95.00". */
  text: string;
}

/** One Ringside tax rate and the QuickBooks tax code it goes out with. */
export interface QuickBooksTaxMappingRow {
  taxBasisPoints: number;
  /** Which lines bill at this rate ("plans", "overage"…). */
  usedFor: string[];
  taxCodeId: string | null;
  /** 'chosen' in Settings, 'default' (US TAX/NON, or the one code with that rate), 'missing': choose one. */
  source: 'chosen' | 'default' | 'missing';
}

export interface QuickBooksTaxMappingView {
  realmId: string;
  country: string;
  usesPseudoCodes: boolean;
  automatedSalesTax: boolean;
  rows: QuickBooksTaxMappingRow[];
  codes: { id: string; name: string; rateBasisPoints: number | null }[];
}

export interface QuickBooksNeedsAttention {
  kind: 'unparseable' | 'shared' | 'no_phone';
  quickbooksId: string;
  customerName: string;
  /** The phone field and what it says; null for no_phone. */
  field: string | null;
  raw: string | null;
  /** For shared: the number and the other customers on it. */
  phone: string | null;
  sharedWith: { quickbooksId: string; customerName: string }[];
}

export interface QuickBooksLogEntry {
  atMs: number;
  /** 'out': Ringside → QuickBooks; 'in': QuickBooks → Ringside. */
  direction: 'out' | 'in';
  subject: string;
  outcome: 'ok' | 'failed' | 'retrying' | 'skipped';
  quickbooksId: string | null;
  detail: string;
  intuitTid: string | null;
}

export interface QuickBooksServiceItems {
  supportTime: string;
  overage: string;
  perCallFee: string;
}

export interface QuickBooksSettings {
  emailInvoices: 'on_sync' | 'manual';
  serviceItems: QuickBooksServiceItems;
  /** How often CDC runs when no webhook comes. */
  cdcIntervalSeconds: number;
}

/** One invoice as QuickBooks knows it, for the Invoices tab. */
export interface QuickBooksInvoiceSync {
  invoiceKey: string;
  quickbooksId: string | null;
  docNumber: string | null;
  /** Where to open it in QuickBooks. */
  link: string | null;
  /** Why the push stopped (validation faults wait for "fix and retry"). */
  failure: { code: string | null; message: string; intuitTid: string | null } | null;
  /** Issue 11: QuickBooks' total beside Ringside's once synced (null before, or for invoices synced earlier); `text` when they differ. */
  totals?: { quickbooksTotalMinor: number; ringsideTotalMinor: number; currency: string; text: string | null } | null;
}

export const quickBooksApiInputSchemas = {
  'quickbooks.status': z.object({}).strict(),
  'quickbooks.connect': z.object({}).strict(),
  'quickbooks.disconnect': z.object({}).strict(),
  'quickbooks.importCustomers': z.object({}).strict(),
  'quickbooks.syncNow': z.object({}).strict(),
  'quickbooks.needsAttention': z.object({}).strict(),
  'quickbooks.log': z.object({ limit: z.number().int().min(1).max(5_000).default(200) }).strict(),
  'quickbooks.retryInvoice': z.object({ invoiceKey: id }).strict(),
  'quickbooks.retryAll': z.object({}).strict(),
  'quickbooks.sendInvoice': z.object({ invoiceKey: id }).strict(),
  'quickbooks.invoiceSync': z.object({ invoiceKeys: z.array(id).max(1_000) }).strict(),
  'quickbooks.createCustomerFromCaller': z
    .object({
      name: z.string().trim().min(1).max(500),
      phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number'),
      email: z.string().trim().max(100).nullable().default(null),
      company: z.string().trim().max(100).nullable().default(null),
      /** Issue 12: the address and the agent's note (Ringside's own fields; QuickBooks does not get them). */
      address: z.string().max(1000).nullable().optional(),
      notes: z.string().max(5000).optional(),
    })
    .strict(),
  'quickbooks.settings.get': z.object({}).strict(),
  'quickbooks.settings.update': z
    .object({
      emailInvoices: z.enum(['on_sync', 'manual']).optional(),
      serviceItems: z.object({ supportTime: z.string().trim().min(1).max(100), overage: z.string().trim().min(1).max(100), perCallFee: z.string().trim().min(1).max(100) }).strict().optional(),
      cdcIntervalSeconds: z.number().int().min(30).max(86_400).optional(),
    })
    .strict(),
  /** Issue 11: Ringside's tax rates and the company's tax codes (null before the company is read). */
  'quickbooks.taxMapping': z.object({}).strict(),
  /** Admin or bookkeeper: which tax code each rate goes out with (quickbooks.tax_mapping_defined). */
  'quickbooks.defineTaxMapping': z
    .object({ codes: z.array(z.object({ taxBasisPoints: z.number().int().min(0).max(10_000), taxCodeId: z.string().trim().min(1).max(100) }).strict()).max(50) })
    .strict(),
  'devices.me': z.object({}).strict(),
} as const;

export interface QuickBooksApiOutputs {
  'quickbooks.status': QuickBooksSyncStatus;
  /** `opened`: the console opened the browser itself; otherwise the page opens `authorizeUrl`. */
  'quickbooks.connect': { authorizeUrl: string; opened: boolean };
  'quickbooks.disconnect': QuickBooksDisconnectAnswer;
  'quickbooks.importCustomers': QuickBooksImportProgress;
  'quickbooks.syncNow': null;
  'quickbooks.needsAttention': QuickBooksNeedsAttention[];
  'quickbooks.log': QuickBooksLogEntry[];
  'quickbooks.retryInvoice': { retried: boolean };
  'quickbooks.retryAll': { retried: number };
  'quickbooks.sendInvoice': { sentTo: string };
  'quickbooks.invoiceSync': QuickBooksInvoiceSync[];
  'quickbooks.createCustomerFromCaller': { customerId: string; quickbooksId: string };
  'quickbooks.settings.get': QuickBooksSettings;
  'quickbooks.settings.update': QuickBooksSettings;
  'quickbooks.taxMapping': QuickBooksTaxMappingView | null;
  'quickbooks.defineTaxMapping': QuickBooksTaxMappingView | null;
  'devices.me': DeviceInfo;
}

export interface QuickBooksApiPushes {
  /** The sync's state, queue or connection changed (at most a few times a second). */
  'quickbooks.statusChanged': QuickBooksSyncStatus;
  'quickbooks.importProgress': QuickBooksImportProgress;
}
