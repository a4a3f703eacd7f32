import type { QuickBooksImportProgress, QuickBooksSyncStatus } from '../../shared/api/quickbooks';
import type { Clock } from '../../shared/clock';
import { syncChanges } from './change-sync';
import type { CustomerLinkDeps } from './customer-link';
import { importAllCustomers } from './customer-sync';
import { QuickBooksFault } from './fault-classification';
import type { InvoiceOutbox } from './invoice-outbox';
import { readState, SYNC_STATE, writeState } from './sync-store';

/**
 * One pass each way. In: the full customer import the first time (and after a cursor
 * QuickBooks no longer accepts), CDC from the cursor after that. Out: the invoice outbox,
 * drained. Each records when it last completed, for the Sync page.
 */

export interface SyncPasses {
  importCustomers(onProgress?: (progress: QuickBooksImportProgress) => void): Promise<QuickBooksImportProgress>;
  syncIn(): Promise<void>;
  syncOut(): Promise<void>;
  importProgress(): QuickBooksSyncStatus['import'];
}

export function createSyncPasses(deps: CustomerLinkDeps & { outbox: InvoiceOutbox; clock: Clock; changed: () => void }): SyncPasses {
  const { db, api, outbox, clock, changed } = deps;
  let progress: QuickBooksSyncStatus['import'] = null;
  const stamp = (key: string): void => writeState(db, key, new Date(clock()).toISOString());

  /** QuickBooks' own clock (CDC cursors are in its time): CompanyInfo's `time`. */
  async function serverTime(): Promise<string> {
    const { realmId } = await api.realm();
    const answer = await api.request<{ time?: string }>({ method: 'GET', path: `/companyinfo/${encodeURIComponent(realmId)}` });
    return answer.json.time ?? new Date(clock()).toISOString();
  }

  async function importCustomers(onProgress?: (p: QuickBooksImportProgress) => void): Promise<QuickBooksImportProgress> {
    const startedAt = await serverTime();
    progress = { read: 0, total: 0, posted: 0, running: true };
    try {
      const done = await importAllCustomers(deps, (p) => {
        progress = { ...p, running: true };
        onProgress?.(p);
        changed();
      });
      progress = { ...done, running: false };
      changed();
      // Changes made while the import ran come in with the next CDC pass.
      if (readState<string | null>(db, SYNC_STATE.cursor, null) === null) writeState(db, SYNC_STATE.cursor, startedAt);
      writeState(db, SYNC_STATE.imported, true);
      stamp(SYNC_STATE.lastIn);
      return done;
    } catch (error) {
      progress = { ...(progress ?? { read: 0, total: 0, posted: 0 }), running: false };
      changed();
      throw error;
    }
  }

  async function syncIn(): Promise<void> {
    const cursor = readState<string | null>(db, SYNC_STATE.cursor, null);
    if (cursor === null || !readState<boolean>(db, SYNC_STATE.imported, false)) {
      await importCustomers();
      return;
    }
    try {
      const result = await syncChanges(deps, cursor);
      writeState(db, SYNC_STATE.cursor, result.cursor);
    } catch (error) {
      if (!isExpiredCursor(error)) throw error;
      writeState(db, SYNC_STATE.cursor, null);
      writeState(db, SYNC_STATE.imported, false);
      await importCustomers();
      return;
    }
    stamp(SYNC_STATE.lastIn);
  }

  async function syncOut(): Promise<void> {
    await outbox.drain();
    if (outbox.depth().queued === 0 || (outbox.nextDueAt() ?? Infinity) > clock()) stamp(SYNC_STATE.lastOut);
  }

  return { importCustomers, syncIn, syncOut, importProgress: () => progress };
}

/** Offline for more than 30 days: CDC refuses the cursor, and a full re-import replaces it (spec §9). */
function isExpiredCursor(error: unknown): boolean {
  return error instanceof QuickBooksFault && error.info.kind === 'validation' && /changedSince/i.test(`${error.info.detail ?? ''} ${error.info.message}`);
}
