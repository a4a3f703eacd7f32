import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { CheckHealth } from '../../src/health/check-health';
import { migrateTo, relayDbAt, tableNames } from './migration-support';

const NAME = '0014-create-alerts';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('adds the alerts, the mail and SMS owed for them, and each check last success', () => {
    const db = relayDbAt(NAME);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['alerts', 'alert_deliveries', 'check_health']));
    const insert = db.prepare("INSERT INTO alert_deliveries (alert_id, episode, kind, channel, severity, message, created_at_ms, state, next_attempt_at_ms) VALUES ('a', 1, 'raised', 'email', 'warning', 'm', 0, 'pending', 0)");
    insert.run();
    // One mail per raising per channel: a retried enqueue cannot owe it twice.
    expect(() => insert.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO alert_deliveries (alert_id, episode, kind, channel, severity, message, created_at_ms, state, next_attempt_at_ms) VALUES ('a', 1, 'raised', 'fax', 'warning', 'm', 0, 'pending', 0)").run()).toThrow(/CHECK/);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay; the checks start with no success and no failure', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old.close();
      const db = openRelayDatabase(dir);
      const checks = new CheckHealth(db);
      expect(checks.snapshot().reconciliation).toEqual({ lastSuccessAt: null, lastFailureAt: null, lastFailure: null });
      checks.recordFailure('reconciliation', Date.parse('2026-01-05T02:00:00Z'), 'OpenPhone could not be reached');
      checks.recordSuccess('reconciliation', Date.parse('2026-01-06T02:00:00Z'));
      // A late report of an earlier success does not move the last success back.
      checks.recordSuccess('reconciliation', Date.parse('2026-01-04T02:00:00Z'));
      expect(checks.snapshot().reconciliation).toEqual({ lastSuccessAt: '2026-01-06T02:00:00.000Z', lastFailureAt: '2026-01-05T02:00:00.000Z', lastFailure: 'OpenPhone could not be reached' });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
