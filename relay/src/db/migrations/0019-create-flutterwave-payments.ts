import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 13 §5: Flutterwave payments. A webhook is stored in the log as received; the
// verifier reads the log from its cursor (flutterwave_scan) and keeps one job per
// transaction (or cancelled subscription) until Flutterwave's verification endpoint has
// answered, retried with backoff across restarts. The payment links the relay created,
// one per console request, with the customer's email a renewal is matched by.
export const migration: RelayMigration = {
  name: '0019-create-flutterwave-payments',
  sql: `
  CREATE TABLE flutterwave_scan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    after_seq INTEGER NOT NULL
  );
  CREATE TABLE flutterwave_verifications (
    job_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'subscription_cancelled')),
    subject_id TEXT NOT NULL,
    email TEXT,
    webhook_seq INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    attempts INTEGER NOT NULL DEFAULT 0,
    first_failed_at_ms INTEGER,
    next_at_ms INTEGER NOT NULL,
    last_error TEXT,
    outcome TEXT,
    outcome_seq INTEGER,
    updated_at_ms INTEGER NOT NULL
  );
  CREATE INDEX flutterwave_verifications_due ON flutterwave_verifications (next_at_ms) WHERE state = 'pending';
  CREATE TABLE flutterwave_links (
    request_key TEXT PRIMARY KEY,
    link_id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL,
    email TEXT NOT NULL,
    purpose TEXT NOT NULL,
    plan_id TEXT,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    url TEXT,
    seq INTEGER,
    created_at_ms INTEGER NOT NULL
  );
  CREATE INDEX flutterwave_links_by_email ON flutterwave_links (email COLLATE NOCASE, purpose);
  `,
};
