import type { QuickBooksSettings } from '../../shared/api/quickbooks';
import type { ConsoleDatabase } from '../db/open-console-database';
import { DEFAULT_SERVICE_ITEMS } from './invoice-payload';
import { readState, SYNC_STATE, writeState } from './sync-store';

/** The sync's settings (the Sync page's form), kept in the sync's own state table. */

export const DEFAULT_SYNC_SETTINGS: QuickBooksSettings = { emailInvoices: 'manual', serviceItems: DEFAULT_SERVICE_ITEMS, cdcIntervalSeconds: 300 };

export function readSyncSettings(db: ConsoleDatabase): QuickBooksSettings {
  return { ...DEFAULT_SYNC_SETTINGS, ...readState<Partial<QuickBooksSettings>>(db, SYNC_STATE.settings, {}) };
}

export function updateSyncSettings(db: ConsoleDatabase, patch: Partial<QuickBooksSettings>): QuickBooksSettings {
  const next = { ...readSyncSettings(db), ...patch };
  writeState(db, SYNC_STATE.settings, next);
  return next;
}
