import type { QuickBooksCatchUp, QuickBooksImportProgress, QuickBooksSyncStatus } from '../../shared/api/quickbooks';
import type { Clock } from '../../shared/clock';
import { readByQuery, syncChanges, type ReadProgress } from './change-sync';
import type { CustomerLinkDeps } from './customer-link';
import { importAllCustomers } from './customer-sync';
import { QuickBooksFault } from './fault-classification';
import type { InvoiceOutbox } from './invoice-outbox';
import { readState, SYNC_STATE, writeState } from './sync-store';

/**
 * One pass each way. In: the full customer import the first time, CDC from the cursor after
 * that; after a long absence (a cursor older than CDC keeps, or CDC refusing it) customers,
 * payments and invoices are all read again by query, so invoices paid meanwhile read paid.
 * Out: the invoice outbox, drained. Each records when it last completed, for the Sync page.
 */

const DAY_MS = 86_400_000;
/** CDC looks back 30 days (spec §9); a cursor this old is not even tried. */
const CDC_TRUSTED_DAYS = 29;

export interface SyncPasses {
  importCustomers(onProgress?: (progress: QuickBooksImportProgress) => void): Promise<QuickBooksImportProgress>;
  syncIn(): Promise<void>;
  syncOut(): Promise<void>;
  importProgress(): QuickBooksSyncStatus['import'];
  catchUp(): QuickBooksCatchUp | null;
}

export function createSyncPasses(deps: CustomerLinkDeps & { outbox: InvoiceOutbox; clock: Clock; changed: () => void }): SyncPasses {
  const { db, api, outbox, clock, changed } = deps;
  let progress: QuickBooksSyncStatus['import'] = null;
  let catchUp: QuickBooksCatchUp | null = null;
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
    const daysSince = (now: string): number => Math.max(0, Math.floor((Date.parse(now) - Date.parse(cursor)) / DAY_MS));
    // This console's clock says whether the cursor is worth sending; QuickBooks' own clock (one
    // more call) is asked only when it is not, or when CDC refused it.
    if (clock() - Date.parse(cursor) >= CDC_TRUSTED_DAYS * DAY_MS) {
      const now = await serverTime();
      await rereadEverything(now, daysSince(now));
      return;
    }
    try {
      const result = await syncChanges(deps, cursor, () => startCatchUp('many_changes', 0), showCatchUp);
      if (result.readByQuery) finishCatchUp();
      writeState(db, SYNC_STATE.cursor, result.cursor);
    } catch (error) {
      if (catchUp?.running) finishCatchUp();
      if (!(error instanceof QuickBooksFault) || error.info.kind !== 'validation') throw error;
      const now = await serverTime();
      if (!isCdcRefusal(error, Date.parse(now) - Date.parse(cursor))) throw error;
      const reread = readState<string | null>(db, SYNC_STATE.rereadCursor, null);
      if (refusalRepeatsAfterReread(cursor, reread, Date.parse(now) - Date.parse(cursor))) throw new CdcRefusedAfterReread(error.info.intuitTid);
      await rereadEverything(now, daysSince(now));
      return;
    }
    stamp(SYNC_STATE.lastIn);
  }

  /** Everything read again; the cursor is QuickBooks' time before the first page, so changes meanwhile come with the next CDC. */
  async function rereadEverything(startedAt: string, awayDays: number): Promise<void> {
    startCatchUp('away', awayDays);
    try {
      await readByQuery(deps, null, showCatchUp);
    } finally {
      finishCatchUp();
    }
    writeState(db, SYNC_STATE.cursor, startedAt);
    writeState(db, SYNC_STATE.rereadCursor, startedAt);
    stamp(SYNC_STATE.lastIn);
  }

  function startCatchUp(reason: QuickBooksCatchUp['reason'], awayDays: number): void {
    catchUp = { reason, awayDays, entity: 'customers', read: 0, total: 0, running: true };
    changed();
  }

  function showCatchUp(p: ReadProgress): void {
    if (catchUp === null) return;
    catchUp = { ...catchUp, ...p };
    changed();
  }

  function finishCatchUp(): void {
    if (catchUp === null) return;
    catchUp = { ...catchUp, running: false };
    changed();
  }

  async function syncOut(): Promise<void> {
    await outbox.drain();
    if (outbox.depth().queued === 0 || (outbox.nextDueAt() ?? Infinity) > clock()) stamp(SYNC_STATE.lastOut);
  }

  return { importCustomers, syncIn, syncOut, importProgress: () => progress, catchUp: () => catchUp };
}

/**
 * CDC refused the cursor a full re-read has just written: the refusal is not about its age, so
 * reading everything again (against Intuit's metered monthly quota) would only repeat itself.
 * The sync stops on it and the Sync page says so; CDC is tried again after the error wait.
 */
export function refusalRepeatsAfterReread(cursor: string, rereadCursor: string | null, cursorAgeMs: number): boolean {
  return cursor === rereadCursor && cursorAgeMs < DAY_MS;
}

export class CdcRefusedAfterReread extends Error {
  constructor(intuitTid: string | null) {
    super(
      'QuickBooks would not list what changed, even right after everything was read again, so the cause is not a long absence. ' +
        'Changes from QuickBooks and invoices to QuickBooks wait; Ringside asks again in a little while without reading everything again. ' +
        `If this keeps happening, contact Intuit support${intuitTid ? ` with the reference ${intuitTid}` : ''}.`,
    );
    this.name = 'CdcRefusedAfterReread';
  }
}

/**
 * CDC refused the cursor as too old (spec §9). The refusal's code is UNCONFIRMED: 6000 is what
 * has been seen with the "older than fixed days" text, so 6000 counts, and so does any other
 * validation fault once the cursor is near the 30 days. Never matched on the message text.
 */
export function isCdcRefusal(error: unknown, cursorAgeMs: number): boolean {
  if (!(error instanceof QuickBooksFault) || error.info.kind !== 'validation') return false;
  return error.info.code === '6000' || cursorAgeMs >= 25 * DAY_MS;
}
