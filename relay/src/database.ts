import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type RelayDatabase = Database.Database;

export const RELAY_DB_FILE = 'relay.db';

/**
 * Opens (creating when needed) the relay's one SQLite file: the event log, the
 * device table and the QuickBooks connection. The running relay and the device CLI
 * open the same file; WAL lets the CLI write while the relay reads and appends. synchronous=FULL makes every
 * commit durable before the relay answers a provider 2xx.
 */
export function openRelayDatabase(dataDir: string, options: { busyTimeoutMs?: number } = {}): RelayDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, RELAY_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  migrate(db);
  return db;
}

/**
 * One entry per schema version, applied in order inside one transaction; user_version
 * records how many have run. Append only: a released entry is never edited.
 */
const MIGRATIONS: readonly string[] = [
  // 1: the event log and the device table.
  // seq is the rowid: rows are never deleted, so SQLite's max(rowid)+1 is gap-free,
  // and a rolled-back insert consumes nothing (no AUTOINCREMENT sequence table).
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    lines TEXT NOT NULL,
    event TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    UNIQUE (source, event_id)
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'bookkeeper', 'agent')),
    numbers TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  `,
  // 2: QuickBooks OAuth (relay/src/quickbooks): pending connect states (hashed, single
  // use) and the one connection, whose refresh token is stored encrypted.
  `
  CREATE TABLE quickbooks_connect_states (
    state_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE quickbooks_connection (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    connection_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('connected', 'needs_reconnect')),
    realm_id TEXT NOT NULL,
    company_name TEXT,
    environment TEXT NOT NULL,
    refresh_token TEXT,
    refresh_token_expires_at TEXT,
    connected_at TEXT NOT NULL,
    reason TEXT
  );
  `,
];

const SCHEMA_VERSION = MIGRATIONS.length;

function migrate(db: RelayDatabase): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`relay.db has schema version ${version}, newer than this relay (${SCHEMA_VERSION}); upgrade the relay`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
