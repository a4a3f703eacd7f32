import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// QuickBooks OAuth (relay/src/quickbooks): pending connect states (hashed, single use)
// and the one connection, whose refresh token is stored encrypted.
export const migration: RelayMigration = {
  name: '0002-create-quickbooks-connection',
  sql: `
  CREATE TABLE quickbooks_connect_states (
    state_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE quickbooks_connection (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    connection_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('connected', 'needs_reconnect')),
    realm_id TEXT NOT NULL,
    company_name TEXT,
    environment TEXT NOT NULL,
    refresh_token TEXT,
    refresh_token_expires_at TEXT,
    connected_at TEXT NOT NULL,
    reason TEXT
  );
  `,
};
