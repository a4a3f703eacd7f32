import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync } from 'node:fs';
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
  const file = path.join(dataDir, RELAY_DB_FILE);
  restrictToOwner(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // SQLite gives the -wal and -shm files the database file's mode when it makes them; made before, they are set here.
  for (const suffix of ['-wal', '-shm']) restrictToOwner(`${file}${suffix}`, false);
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  migrateRelayDatabase(db);
  return db;
}

/** Issue 15 §4: relay.db and its WAL are readable by the relay's user only (0600); `create` makes the file so when missing. */
function restrictToOwner(file: string, create = true): void {
  try {
    if (create) closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  } catch {
    // Missing (a WAL not made yet) or not ours to change: SQLite reports what matters when it opens it.
  }
}
