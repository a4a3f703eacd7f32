import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 §4: one row per redaction of the log (an erasure of one customer, or a retention run),
// moved step by step so a relay stopped part-way resumes it: `rewrite` (the stored events are
// rewritten in one transaction, which also records the seqs and media it touched), `remove_media`,
// `announce` (log.redacted appended), `scrub` (VACUUM and a WAL truncation), then `done`.
// `request_id` is the console's: the same one answers the same erasure. The pseudonymous numbers
// an erasure chose are never stored.
export const migration: RelayMigration = {
  name: '0025-create-privacy',
  sql: `
  CREATE TABLE privacy_redactions (
    redaction_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL CHECK (reason IN ('erasure', 'retention')),
    request_id TEXT UNIQUE,
    customer_id TEXT,
    requested_at TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    step TEXT NOT NULL CHECK (step IN ('rewrite', 'remove_media', 'scrub', 'announce', 'done', 'failed')),
    kinds_json TEXT NOT NULL DEFAULT '[]',
    seqs_json TEXT NOT NULL DEFAULT '[]',
    media_json TEXT NOT NULL DEFAULT '[]',
    finished_at TEXT,
    error TEXT,
    CHECK (reason <> 'erasure' OR (request_id IS NOT NULL AND customer_id IS NOT NULL))
  ) WITHOUT ROWID;
  CREATE INDEX privacy_redactions_unfinished ON privacy_redactions (requested_at) WHERE step NOT IN ('done', 'failed');
  `,
};
