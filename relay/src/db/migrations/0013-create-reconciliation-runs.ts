import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 12: each reconciliation of the log with OpenPhone's API (daily, on demand for a
// date range, after the relay was down) with what it listed and recovered, which the
// admin console shows; and each health-check text the relay sent, with whether its
// webhook came back in time.
export const migration: RelayMigration = {
  name: '0013-create-reconciliation-runs',
  sql: `
  CREATE TABLE reconciliation_runs (
    id INTEGER PRIMARY KEY,
    trigger TEXT NOT NULL CHECK (trigger IN ('daily', 'on_demand', 'after_outage')),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    from_ms INTEGER NOT NULL,
    to_ms INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    listed_calls INTEGER NOT NULL DEFAULT 0,
    listed_messages INTEGER NOT NULL DEFAULT 0,
    recovered_calls INTEGER NOT NULL DEFAULT 0,
    recovered_messages INTEGER NOT NULL DEFAULT 0,
    unreadable INTEGER NOT NULL DEFAULT 0,
    recovered TEXT NOT NULL DEFAULT '[]',
    error TEXT
  );
  CREATE INDEX reconciliation_runs_by_trigger ON reconciliation_runs (trigger, to_date);
  CREATE TABLE health_checks (
    id INTEGER PRIMARY KEY,
    marker TEXT NOT NULL UNIQUE,
    from_e164 TEXT NOT NULL,
    to_e164 TEXT NOT NULL,
    sent_at_ms INTEGER NOT NULL,
    deadline_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'passed', 'failed')),
    finished_at_ms INTEGER,
    error TEXT
  );
  `,
};
