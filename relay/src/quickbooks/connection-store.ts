import type { RelayDatabase } from '../database';
import type { QuickBooksEnvironment } from './quickbooks-settings';

/**
 * The relay's one QuickBooks connection (table quickbooks_connection, a single row).
 * The refresh token is stored only encrypted (token-cipher.ts). connection_id changes
 * on every connect, so a write meant for a connection that was meanwhile replaced or
 * removed changes nothing.
 */

export interface StoredConnection {
  connectionId: string;
  state: 'connected' | 'needs_reconnect';
  realmId: string;
  companyName: string | null;
  environment: QuickBooksEnvironment;
  /** Encrypted; null once Intuit has refused it (needs_reconnect). */
  refreshTokenCipher: string | null;
  refreshTokenExpiresAt: string | null;
  /** The refresh token's hard expiry (5-year cap) when Intuit told it; null when it did not. */
  refreshTokenHardExpiresAt: string | null;
  /** The last connect or refresh: the relay refreshes on its own when this is old. */
  refreshedAt: string | null;
  connectedAt: string;
  reason: string | null;
}

interface ConnectionRow {
  connection_id: string;
  state: 'connected' | 'needs_reconnect';
  realm_id: string;
  company_name: string | null;
  environment: QuickBooksEnvironment;
  refresh_token: string | null;
  refresh_token_expires_at: string | null;
  refresh_token_hard_expires_at: string | null;
  refreshed_at: string | null;
  connected_at: string;
  reason: string | null;
}

export function readConnection(db: RelayDatabase): StoredConnection | null {
  const row = db.prepare('SELECT * FROM quickbooks_connection WHERE id = 1').get() as ConnectionRow | undefined;
  if (row === undefined) return null;
  return {
    connectionId: row.connection_id,
    state: row.state,
    realmId: row.realm_id,
    companyName: row.company_name,
    environment: row.environment,
    refreshTokenCipher: row.refresh_token,
    refreshTokenExpiresAt: row.refresh_token_expires_at,
    refreshTokenHardExpiresAt: row.refresh_token_hard_expires_at,
    refreshedAt: row.refreshed_at,
    connectedAt: row.connected_at,
    reason: row.reason,
  };
}

/** Replaces whatever connection there was. */
export function saveConnection(db: RelayDatabase, connection: StoredConnection): void {
  db.prepare(
    `INSERT OR REPLACE INTO quickbooks_connection
       (id, connection_id, state, realm_id, company_name, environment, refresh_token, refresh_token_expires_at, refresh_token_hard_expires_at, refreshed_at, connected_at, reason)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    connection.connectionId,
    connection.state,
    connection.realmId,
    connection.companyName,
    connection.environment,
    connection.refreshTokenCipher,
    connection.refreshTokenExpiresAt,
    connection.refreshTokenHardExpiresAt,
    connection.refreshedAt,
    connection.connectedAt,
    connection.reason,
  );
}

/**
 * Stores the refresh token a refresh returned (rotated or not), and when. A hard expiry
 * Intuit did not send keeps the one it sent before. False if the connection is gone.
 */
export function saveRefreshToken(db: RelayDatabase, connectionId: string, cipher: string, expiry: { expiresAt: string | null; hardExpiresAt: string | null; refreshedAt: string }): boolean {
  const info = db
    .prepare(
      `UPDATE quickbooks_connection SET refresh_token = ?, refresh_token_expires_at = ?, refresh_token_hard_expires_at = coalesce(?, refresh_token_hard_expires_at), refreshed_at = ?
       WHERE id = 1 AND connection_id = ? AND state = 'connected'`,
    )
    .run(cipher, expiry.expiresAt, expiry.hardExpiresAt, expiry.refreshedAt, connectionId);
  return info.changes === 1;
}

/** Forgets the dead refresh token and records why; false if the connection is gone. */
export function markNeedsReconnect(db: RelayDatabase, connectionId: string, reason: string): boolean {
  const info = db
    .prepare("UPDATE quickbooks_connection SET state = 'needs_reconnect', refresh_token = NULL, refresh_token_expires_at = NULL, reason = ? WHERE id = 1 AND connection_id = ?")
    .run(reason, connectionId);
  return info.changes === 1;
}

export function deleteConnection(db: RelayDatabase, connectionId: string): void {
  db.prepare('DELETE FROM quickbooks_connection WHERE id = 1 AND connection_id = ?').run(connectionId);
}

/** Whether a device may still complete the connect it started (not revoked, still admin). */
export function isActiveAdminDevice(db: RelayDatabase, deviceId: string): boolean {
  const row = db.prepare('SELECT role, revoked_at FROM devices WHERE id = ?').get(deviceId) as { role: string; revoked_at: string | null } | undefined;
  return row !== undefined && row.role === 'admin' && row.revoked_at === null;
}
