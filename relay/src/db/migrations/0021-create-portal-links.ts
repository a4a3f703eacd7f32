import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 14 §1: client portal links. Only the SHA-256 of a token is kept; the token itself is
// said once, when the link is made. A link belongs to one customer, for ever.
export const migration: RelayMigration = {
  name: '0021-create-portal-links',
  sql: `
  CREATE TABLE portal_links (
    link_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    request_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT,
    last_opened_at TEXT
  );
  CREATE INDEX portal_links_by_customer ON portal_links (customer_id, created_at);
  `,
};
