import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { readConnection } from '../../src/quickbooks/connection-store';
import { readLease, writeLease } from '../../src/quickbooks/sync-lease-store';
import { migrateTo } from './migration-support';

const NAME = '0011-quickbooks-sync-lease-and-token-care';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: the connection counts as refreshed when it was made, its hard expiry unknown, and no console holds the sync lease', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old
        .prepare(
          `INSERT INTO quickbooks_connection (id, connection_id, state, realm_id, company_name, environment, refresh_token, refresh_token_expires_at, connected_at, reason)
           VALUES (1, 'c1', 'connected', '9130355555555555', 'Harbor Dental', 'sandbox', 'v1.cipher', '2026-12-01T00:00:00.000Z', '2026-08-23T00:00:00.000Z', NULL)`,
        )
        .run();
      old.close();
      const db = openRelayDatabase(dir);
      try {
        expect(readConnection(db)).toMatchObject({ refreshedAt: '2026-08-23T00:00:00.000Z', refreshTokenHardExpiresAt: null, refreshTokenExpiresAt: '2026-12-01T00:00:00.000Z' });
        expect(readLease(db, '9130355555555555')).toBeNull();
        expect(db.prepare('SELECT count(*) FROM quickbooks_alerts').pluck().get()).toBe(0);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one lease per company with the requests its holder reported', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-lease-'));
    const db = openRelayDatabase(dir);
    try {
      const lease = { realmId: 'r1', holderDeviceId: 'd1', holderName: 'Books', holderId: 'p1', expiresAtMs: 2_000, releasedAtMs: null, reportedAtMs: 1_000, sent: [{ atMs: 900, batch: true }, { atMs: 950, batch: false }] };
      writeLease(db, lease);
      writeLease(db, { ...lease, holderDeviceId: 'd2', holderName: 'Back office' });
      expect(readLease(db, 'r1')).toEqual({ ...lease, holderDeviceId: 'd2', holderName: 'Back office' });
      expect(db.prepare('SELECT count(*) FROM quickbooks_sync_lease').pluck().get()).toBe(1);
      // A row written before holder ids: its requests still read, with no holder process.
      db.prepare("UPDATE quickbooks_sync_lease SET sent = '[[900,1]]'").run();
      expect(readLease(db, 'r1')).toMatchObject({ holderId: null, sent: [{ atMs: 900, batch: true }] });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
