import { z } from 'zod';
import type { ImportProgress } from './customer-sync';
import type { QuickBooksSync, QuickBooksSyncSettings, QuickBooksSyncStatus } from './quickbooks-sync';
import type { NeedsAttention, SyncLogEntry } from './sync-store';

/**
 * The QuickBooks part of the renderer API, proposed for src/shared/api (the lead merges the
 * schemas into apiInputSchemas and the outputs into ApiOutputs; `quickbooks.importProgress`
 * becomes a push). Every handler works on the console's sync, or says why there is none.
 */

const id = z.string().min(1).max(200);

export const quickBooksApiInputSchemas = {
  'quickbooks.status': z.object({}),
  'quickbooks.importCustomers': z.object({}),
  'quickbooks.syncNow': z.object({}),
  'quickbooks.needsAttention': z.object({}),
  'quickbooks.log': z.object({ limit: z.number().int().min(1).max(5_000).default(200) }),
  'quickbooks.retryInvoice': z.object({ invoiceKey: id }),
  'quickbooks.retryAll': z.object({}),
  'quickbooks.sendInvoice': z.object({ invoiceKey: id }),
  'quickbooks.createCustomerFromCaller': z.object({
    name: z.string().trim().min(1).max(500),
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number'),
    email: z.string().max(100).nullable().default(null),
    company: z.string().max(100).nullable().default(null),
  }),
  'quickbooks.settings.get': z.object({}),
  'quickbooks.settings.update': z.object({
    emailInvoices: z.enum(['on_sync', 'manual']).optional(),
    serviceItems: z.object({ supportTime: z.string().min(1).max(100), overage: z.string().min(1).max(100), perCallFee: z.string().min(1).max(100) }).optional(),
    cdcIntervalSeconds: z.number().int().min(30).max(86_400).optional(),
  }),
} as const;

export interface QuickBooksApiOutputs {
  'quickbooks.status': QuickBooksSyncStatus;
  'quickbooks.importCustomers': ImportProgress;
  'quickbooks.syncNow': null;
  'quickbooks.needsAttention': NeedsAttention[];
  'quickbooks.log': SyncLogEntry[];
  'quickbooks.retryInvoice': { retried: boolean };
  'quickbooks.retryAll': { retried: number };
  'quickbooks.sendInvoice': { sentTo: string };
  'quickbooks.createCustomerFromCaller': { customerId: string; quickbooksId: string };
  'quickbooks.settings.get': QuickBooksSyncSettings;
  'quickbooks.settings.update': QuickBooksSyncSettings;
}

export type QuickBooksApiMethod = keyof typeof quickBooksApiInputSchemas;
export type QuickBooksApiHandlers = {
  [M in QuickBooksApiMethod]: (input: z.output<(typeof quickBooksApiInputSchemas)[M]>) => Promise<QuickBooksApiOutputs[M]>;
};

export interface QuickBooksHandlerDeps {
  /** The running sync, or null on a console that has none (no device token yet). */
  sync: () => QuickBooksSync | null;
  onImportProgress?: (progress: ImportProgress) => void;
}

const STOPPED: QuickBooksSyncStatus = {
  state: 'stopped',
  reason: 'no device token: paste one in settings',
  connection: null,
  lastSyncOut: null,
  lastSyncIn: null,
  queue: { queued: 0, failed: 0 },
  failures: [],
  import: null,
  needsAttention: 0,
};

export function createQuickBooksHandlers(deps: QuickBooksHandlerDeps): QuickBooksApiHandlers {
  const sync = (): QuickBooksSync => {
    const current = deps.sync();
    if (current === null) throw new Error('QuickBooks sync is not running on this console: set a bookkeeper device token in settings');
    const { state, reason } = current.status();
    if (state === 'not_bookkeeper') throw new Error(reason ?? 'this console is not the bookkeeper');
    return current;
  };
  return {
    'quickbooks.status': async () => deps.sync()?.status() ?? STOPPED,
    'quickbooks.importCustomers': async () => sync().importCustomers(deps.onImportProgress),
    'quickbooks.syncNow': async () => {
      sync().syncNow();
      return null;
    },
    'quickbooks.needsAttention': async () => sync().needsAttention(),
    'quickbooks.log': async ({ limit }) => sync().log(limit),
    'quickbooks.retryInvoice': async ({ invoiceKey }) => ({ retried: sync().retryInvoice(invoiceKey) }),
    'quickbooks.retryAll': async () => ({ retried: sync().retryAll() }),
    'quickbooks.sendInvoice': async ({ invoiceKey }) => sync().sendInvoice(invoiceKey),
    'quickbooks.createCustomerFromCaller': async (input) => sync().createCustomerFromCaller(input),
    'quickbooks.settings.get': async () => sync().settings(),
    'quickbooks.settings.update': async (patch) => {
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<QuickBooksSyncSettings>;
      return sync().updateSettings(clean);
    },
  };
}
