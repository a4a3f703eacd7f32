import type { ApiHandlers } from '../../shared/api/contract';
import type { DeviceInfo, QuickBooksConnection, QuickBooksImportProgress, QuickBooksInvoiceSync, QuickBooksSyncStatus, quickBooksApiInputSchemas } from '../../shared/api/quickbooks';
import { EXTERNAL_URL_HOSTS, externalUrlToOpen } from '../../shared/external-url';
import type { ConsoleDatabase } from '../db/open-console-database';
import { invoiceLink } from './invoice-payload';
import { invoiceTotals } from './invoice-totals';
import { taxMappingView } from './tax-mapping';
import { defineTaxMapping } from './tax-mapping-definition';
import { loadCompanyProfile } from './company-profile';
import type { QuickBooksSync, QuickBooksSyncSettings } from './quickbooks-sync';
import { disconnect, startConnect, type RelayAccess } from './relay-quickbooks-client';

export type QuickBooksHandlers = Pick<ApiHandlers, keyof typeof quickBooksApiInputSchemas>;

export interface QuickBooksHandlerDeps {
  database: () => ConsoleDatabase;
  /** The running sync, or null on a console that has none (not the bookkeeper, or no device token yet). */
  sync: () => QuickBooksSync | null;
  /** The relay and this console's token; throws when no token is set. */
  relay: () => RelayAccess;
  status: () => QuickBooksSyncStatus;
  connection: () => Promise<QuickBooksConnection | null>;
  /** Told after a disconnect, before the log brings the relay's own event. */
  onDisconnected: () => void;
  device: () => Promise<DeviceInfo>;
  /** Opens a URL in the system browser (Electron); absent where the page opens it itself. */
  openExternal?: (url: string) => Promise<void>;
  onImportProgress?: (progress: QuickBooksImportProgress) => void;
}

/**
 * The QuickBooks part of the renderer API. Connecting is an admin's job and goes through
 * the relay; everything that talks to QuickBooks runs on the bookkeeper console's sync,
 * and any other console says so plainly.
 */
export function createQuickBooksHandlers(deps: QuickBooksHandlerDeps): QuickBooksHandlers {
  const sync = (): QuickBooksSync => {
    const current = deps.sync();
    if (current === null) {
      const { reason } = deps.status();
      throw new Error(`QuickBooks syncs on the bookkeeper console, not on this one${reason ? ` (${reason})` : ''}`);
    }
    const { state, reason } = current.status();
    if (state === 'not_bookkeeper') throw new Error(reason ?? 'this console is not the bookkeeper');
    return current;
  };
  return {
    'quickbooks.status': async () => deps.status(),
    'quickbooks.connect': async () => {
      const relay = deps.relay();
      const { authorizeUrl } = await startConnect(relay);
      const environment = (await deps.connection().catch(() => null))?.environment ?? 'sandbox';
      // The shell checks again before the browser; plain http to this computer is the emulator, for a sandbox company.
      const url = externalUrlToOpen(authorizeUrl, { hosts: EXTERNAL_URL_HOSTS, allowLoopbackHttp: environment === 'sandbox' });
      if (url === null) throw new Error(`the relay answered a consent address this console will not open: ${authorizeUrl.slice(0, 200)}`);
      if (!deps.openExternal) return { authorizeUrl: url.toString(), opened: false };
      await deps.openExternal(url.toString());
      return { authorizeUrl: url.toString(), opened: true };
    },
    'quickbooks.disconnect': async () => {
      const answer = await disconnect(deps.relay());
      deps.onDisconnected();
      return answer;
    },
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
    'quickbooks.invoiceSync': async ({ invoiceKeys }) => {
      const environment = (await deps.connection().catch(() => null))?.environment ?? 'sandbox';
      return invoiceSyncRows(deps.database(), invoiceKeys, environment);
    },
    'quickbooks.taxMapping': async () => taxMappingView(deps.database(), (await deps.connection().catch(() => null))?.realmId ?? null),
    'quickbooks.defineTaxMapping': async ({ codes }) => defineTaxMapping({ db: deps.database(), relay: deps.relay(), device: deps.device, realmId: (await deps.connection().catch(() => null))?.realmId ?? null }, codes),
    'quickbooks.createCustomerFromCaller': async (input) => sync().createCustomerFromCaller(input),
    'quickbooks.settings.get': async () => sync().settings(),
    'quickbooks.settings.update': async (patch) => {
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<QuickBooksSyncSettings>;
      return sync().updateSettings(clean);
    },
    'devices.me': async () => deps.device(),
  };
}

/** What QuickBooks knows of these invoices: its Id and DocNumber once synced, or why the push stopped. */
function invoiceSyncRows(db: ConsoleDatabase, invoiceKeys: readonly string[], environment: 'sandbox' | 'production'): QuickBooksInvoiceSync[] {
  if (invoiceKeys.length === 0) return [];
  const marks = invoiceKeys.map(() => '?').join(', ');
  const rows = db.sqlite
    .prepare(
      `SELECT i.invoice_key, COALESCE(i.quickbooks_id, o.quickbooks_id) AS quickbooks_id, COALESCE(i.doc_number, o.doc_number) AS doc_number,
              CASE WHEN o.state = 'failed' THEN 1 ELSE 0 END AS failed, o.error_code, o.error_message, o.intuit_tid
       FROM invoices i LEFT JOIN quickbooks_outbox o ON o.invoice_key = i.invoice_key AND o.action = 'create'
       WHERE i.invoice_key IN (${marks})`,
    )
    .all(...invoiceKeys) as {
    invoice_key: string;
    quickbooks_id: string | null;
    doc_number: string | null;
    failed: number;
    error_code: string | null;
    error_message: string | null;
    intuit_tid: string | null;
  }[];
  const totals = invoiceTotals(db, invoiceKeys, loadCompanyProfile(db)?.automatedSalesTax ?? false);
  return rows.map((r) => ({
    totals: totals.get(r.invoice_key) ?? null,
    invoiceKey: r.invoice_key,
    quickbooksId: r.quickbooks_id,
    docNumber: r.doc_number,
    link: r.quickbooks_id === null ? null : invoiceLink(r.quickbooks_id, environment, null),
    failure: r.failed === 1 ? { code: r.error_code, message: r.error_message ?? '', intuitTid: r.intuit_tid } : null,
  }));
}
