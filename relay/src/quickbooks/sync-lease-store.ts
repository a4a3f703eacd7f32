import type { RelayDatabase } from '../database';
import type { LeaseRow, SentAt } from './sync-lease';

/** The sync lease per company (table quickbooks_sync_lease, migration 0011). */

interface Row {
  realm_id: string;
  holder_device_id: string;
  holder_name: string;
  expires_at_ms: number;
  released_at_ms: number | null;
  reported_at_ms: number;
  sent: string;
}

export function readLease(db: RelayDatabase, realmId: string): LeaseRow | null {
  const row = db.prepare('SELECT * FROM quickbooks_sync_lease WHERE realm_id = ?').get(realmId) as Row | undefined;
  if (row === undefined) return null;
  return {
    realmId: row.realm_id,
    holderDeviceId: row.holder_device_id,
    holderName: row.holder_name,
    holderId: parseHolderId(row.sent),
    expiresAtMs: row.expires_at_ms,
    releasedAtMs: row.released_at_ms,
    reportedAtMs: row.reported_at_ms,
    sent: parseSent(row.sent),
  };
}

export function writeLease(db: RelayDatabase, lease: LeaseRow): void {
  db.prepare(
    `INSERT OR REPLACE INTO quickbooks_sync_lease (realm_id, holder_device_id, holder_name, expires_at_ms, released_at_ms, reported_at_ms, sent)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(lease.realmId, lease.holderDeviceId, lease.holderName, lease.expiresAtMs, lease.releasedAtMs, lease.reportedAtMs, JSON.stringify({ holderId: lease.holderId, sent: lease.sent.map((s) => [s.atMs, s.batch ? 1 : 0]) }));
}

// `sent` holds { holderId, sent: [[atMs, batch], …] } (no column of its own: migration 0011 is frozen); a bare
// array is a row written before holder ids.
function parseHolderId(text: string): string | null {
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { holderId?: unknown }).holderId === 'string' ? (value as { holderId: string }).holderId : null;
}

function parseSent(text: string): SentAt[] {
  const parsed: unknown = JSON.parse(text);
  const value = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { sent?: unknown }).sent : parsed;
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => (Array.isArray(entry) && typeof entry[0] === 'number' ? [{ atMs: entry[0], batch: entry[1] === 1 }] : []));
}
