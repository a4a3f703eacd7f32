import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { HealthCheckStore } from '../../src/providers/openphone/health-check/health-check-store';
import { ReconciliationStore } from '../../src/providers/openphone/reconciliation/reconciliation-store';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0013-create-reconciliation-runs';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay with empty run and health-check tables', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('reconciliation_runs');
      old.close();
      const db = openRelayDatabase(dir);
      expect(tableNames(db)).toEqual(expect.arrayContaining(['reconciliation_runs', 'health_checks']));
      expect(db.prepare('SELECT count(*) FROM reconciliation_runs').pluck().get()).toBe(0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a run with what it recovered, the last daily day done, and a health check passed once however often its webhook comes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-runs-'));
    const db = openRelayDatabase(dir);
    try {
      const runs = new ReconciliationStore(db);
      const id = runs.started({ trigger: 'daily', fromDate: '2026-11-30', toDate: '2026-11-30', fromMs: 1, toMs: 2, at: '2026-12-01T07:00:00.000Z' });
      expect(runs.lastDailyDate()).toBeNull();
      const recovered = [{ kind: 'call' as const, key: 'call.completed|openphone:AC1', businessNumber: '+16175550100', externalNumber: '+16175550111', at: '2026-11-30T15:00:00.000Z' }];
      runs.finished(id, { at: '2026-12-01T07:00:02.000Z', listedCalls: 4, listedMessages: 9, recovered, unreadable: 0, error: null });
      expect(runs.lastDailyDate()).toBe('2026-11-30');
      expect(runs.recent(5)).toEqual([expect.objectContaining({ id, state: 'done', listedCalls: 4, listedMessages: 9, recoveredCalls: 1, recoveredMessages: 0, recovered })]);
      expect(() => db.prepare("INSERT INTO reconciliation_runs (trigger, from_date, to_date, from_ms, to_ms, started_at, state) VALUES ('weekly', '', '', 0, 0, '', 'done')").run()).toThrow(/CHECK/);

      const checks = new HealthCheckStore(db);
      checks.sent({ marker: 'abc', from: '+16175550100', to: '+16175550101', sentAtMs: 10, deadlineMs: 130 });
      expect(checks.finish('abc', 'passed', 20, null)).toBe(true);
      expect(checks.finish('abc', 'failed', 200, 'late')).toBe(false);
      expect(checks.latest()).toMatchObject({ state: 'passed', finishedAtMs: 20 });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
