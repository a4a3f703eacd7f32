import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 11 §2–§3. quickbooks_sync_lease: which bookkeeper console may talk to QuickBooks
// for a company now (one at a time, so the company's request budget is not overshot), and
// the requests it reported in the last minute, for the next holder to count. On the
// connection: when the relay last refreshed the token (its own schedule refreshes an idle
// one), and the refresh token's hard expiry when Intuit told it. quickbooks_alerts: the
// alerts the relay has raised about the connection, so each is raised and cleared once.
export const migration: RelayMigration = {
  name: '0011-quickbooks-sync-lease-and-token-care',
  sql: `
  CREATE TABLE quickbooks_sync_lease (
    realm_id TEXT PRIMARY KEY,
    holder_device_id TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    released_at_ms INTEGER,
    reported_at_ms INTEGER NOT NULL,
    sent TEXT NOT NULL DEFAULT '[]'
  ) WITHOUT ROWID;
  ALTER TABLE quickbooks_connection ADD COLUMN refreshed_at TEXT;
  ALTER TABLE quickbooks_connection ADD COLUMN refresh_token_hard_expires_at TEXT;
  UPDATE quickbooks_connection SET refreshed_at = connected_at;
  CREATE TABLE quickbooks_alerts (
    alert_id TEXT PRIMARY KEY,
    message TEXT NOT NULL,
    raised_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
};
