import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 12 contacts (relay/src/providers/openphone/contact-push): the customers as the log
// last described them and what OpenPhone was last sent for each (a durable outbox: a row
// whose content_hash differs from its pushed_hash is owed a push, retried until done), the
// plans and subscriptions that name each customer's plan, and how far the log was read.
export const migration: RelayMigration = {
  name: '0015-create-contact-push',
  sql: `
  CREATE TABLE contact_push_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  );
  CREATE TABLE contact_push_customers (
    customer_id TEXT PRIMARY KEY,
    customer TEXT,
    content_hash TEXT NOT NULL,
    contact_id TEXT,
    pushed_hash TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX contact_push_owed ON contact_push_customers (next_attempt_at_ms) WHERE pushed_hash IS NOT content_hash;
  CREATE TABLE contact_push_plans (
    plan_id TEXT PRIMARY KEY,
    name TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE contact_push_subscriptions (
    subscription_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    ends_on TEXT,
    seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX contact_push_subscriptions_by_customer ON contact_push_subscriptions (customer_id, seq);
  `,
};
