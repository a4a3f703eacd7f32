import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// The OpenPhone history import (issue 12): one row per import an admin started, and its
// work list, one row per resource to read (the lines; each line's conversations; each
// thread's calls and messages; each call's recordings, voicemail, transcript and summary;
// the contacts) with the page token it continues from. A page's events are stored
// before its row moves on, so a relay killed mid-import reads at most that page again,
// and the log's facts table and the events' own ids keep it from storing anything twice.
export const migration: RelayMigration = {
  name: '0012-create-openphone-import',
  sql: `
  CREATE TABLE openphone_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'finished', 'failed')),
    from_at TEXT,
    to_at TEXT,
    record_only INTEGER NOT NULL CHECK (record_only IN (0, 1)),
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    lines_json TEXT NOT NULL DEFAULT '{}',
    counts_json TEXT NOT NULL DEFAULT '{}',
    problems_json TEXT NOT NULL DEFAULT '{}',
    requests INTEGER NOT NULL DEFAULT 0,
    failure TEXT
  );
  CREATE TABLE openphone_import_tasks (
    import_id INTEGER NOT NULL REFERENCES openphone_imports(id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    page_token TEXT,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    requests INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (import_id, key)
  );
  CREATE INDEX openphone_import_tasks_pending ON openphone_import_tasks (import_id, done);
  `,
};
