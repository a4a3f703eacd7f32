import Database from 'better-sqlite3';
import path from 'node:path';
import { ensureDataDir } from './data-dir';
import { migrateRelayDatabase } from './db/migrate';

export type RelayDatabase = Database.Database;

export const RELAY_DB_FILE = 'relay.db';

/**
 * Opens (creating when needed) the relay's one SQLite file: the event log, the
 * device table and the QuickBooks connection. The running relay and the device CLI
 * open the same file; WAL lets the CLI write while the relay reads and appends.
 * synchronous=FULL makes every commit durable before it returns; the event log, whose
 * commits are the hot path, syncs its own commits off the event loop instead
 * (log/wal-sync.ts). The schema is the numbered files in db/migrations.
 */
export function openRelayDatabase(dataDir: string, options: { busyTimeoutMs?: number } = {}): RelayDatabase {
  ensureDataDir(dataDir);
  const db = new Database(path.join(dataDir, RELAY_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  migrateRelayDatabase(db);
  return db;
}
