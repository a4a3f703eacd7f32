import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 14 §1: client portal links. Only the SHA-256 of a token is kept; the token itself is
// said once, when the link is made. A link belongs to one customer, for ever. request_key is
// the device and its requestId: one link per press of "Create link". The two partial indexes
// let a portal page find a call's transcript and an invoice's QuickBooks link without reading
// the whole log, and media_by_call a call's captured recordings. portal_secret signs top-up forms.
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
  -- The key the portal's top-up forms are signed with (HMAC-SHA256), made on first use; it never leaves the relay.
  CREATE TABLE portal_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret BLOB NOT NULL
  );
  CREATE INDEX events_transcripts_by_call ON events (json_extract(event, '$.data.callId'), seq) WHERE type = 'call.transcript_ready';
  CREATE INDEX events_invoice_synced_by_key ON events (json_extract(event, '$.data.invoiceKey'), seq) WHERE type = 'invoice.synced';
  CREATE INDEX media_by_call ON media (call_id) WHERE call_id IS NOT NULL;
  `,
};
