import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 13: the MightyCall poller. One cursor row per resource it reads (the window
// under way and the page it continues from, and where the last finished window ended),
// every request sent in the last 24 hours (the account's daily budget survives a
// restart), and one state row: the last round, the last error in plain words, a hold
// after MightyCall said the account is over its limit, and the counts shown. IF NOT
// EXISTS: migrations 0017 and 0018 land beside this one in the same release, in any order.
export const migration: RelayMigration = {
  name: '0018-create-mightycall-poll',
  sql: `
  CREATE TABLE IF NOT EXISTS mightycall_cursors (
    resource TEXT PRIMARY KEY,
    done_until TEXT,
    window_from TEXT,
    window_to TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    read_at TEXT
  );
  CREATE TABLE IF NOT EXISTS mightycall_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS mightycall_requests_at ON mightycall_requests (at_ms);
  CREATE TABLE IF NOT EXISTS mightycall_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_poll_at TEXT,
    last_error TEXT,
    last_error_at TEXT,
    held_until_ms INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    counts_json TEXT NOT NULL DEFAULT '{}'
  );
  `,
};
