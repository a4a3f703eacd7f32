import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 14 §2: automatic notices. The settings and templates the admin edits; the outbox,
// one row per notice under a stable key (UNIQUE: a notice decided twice is stored once), with
// its tries; who unsubscribed from which kind; what the rules remember between runs; the
// unsubscribe links' signing key.
export const migration: RelayMigration = {
  name: '0022-create-notices',
  sql: `
  CREATE TABLE notice_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    settings_json TEXT NOT NULL,
    -- Notices about what happened before they were turned on are not sent.
    enabled_from_seq INTEGER NOT NULL,
    -- {kind: seq}: the head seq each kind was last turned on at (an invoice issued while its kind was off is not sent).
    kinds_since_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE notice_templates (
    kind TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE notice_outbox (
    notice_id INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_key TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    invoice_key TEXT,
    -- A requested notice's secret (a portal link's token) and what replaces it in the body once sent.
    redact_json TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    provider_id TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
  );
  CREATE INDEX notice_outbox_due ON notice_outbox (next_attempt_at) WHERE state = 'pending';
  CREATE INDEX notice_outbox_by_customer ON notice_outbox (customer_id, notice_id);
  CREATE INDEX notice_outbox_failed ON notice_outbox (notice_id) WHERE state = 'failed';
  CREATE TABLE notice_unsubscribes (
    customer_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (customer_id, kind)
  ) WITHOUT ROWID;
  -- What the rules remember of a customer between runs (a wallet's crossings under the threshold,
  -- the subscription last seen active), for the notices about a change.
  CREATE TABLE notice_watch (
    customer_id TEXT PRIMARY KEY,
    watch_json TEXT NOT NULL
  ) WITHOUT ROWID;
  -- The key unsubscribe links are signed with (HMAC-SHA256), made on first use; it never leaves the relay.
  CREATE TABLE notice_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret BLOB NOT NULL
  );
  `,
};
