import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// seq is the rowid: rows are never deleted, so SQLite's max(rowid)+1 is gap-free,
// and a rolled-back insert consumes nothing (no AUTOINCREMENT sequence table).
export const migration: RelayMigration = {
  name: '0001-create-events-and-devices',
  sql: `
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
};
