import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { ReconciliationStore } from '../../src/providers/openphone/reconciliation/reconciliation-store';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0016-create-relay-heartbeat';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay with no heartbeat yet, then keeps only the latest one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('relay_heartbeat');
      old.close();
      const db = openRelayDatabase(dir);
      const store = new ReconciliationStore(db);
      expect(store.lastAliveAtMs()).toBeNull();
      store.heartbeat(2_000);
      store.heartbeat(1_000);
      store.heartbeat(3_000);
      expect(store.lastAliveAtMs()).toBe(3_000);
      expect(db.prepare('SELECT count(*) FROM relay_heartbeat').pluck().get()).toBe(1);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
