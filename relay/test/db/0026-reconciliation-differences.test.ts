import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { ReconciliationStore } from '../../src/providers/openphone/reconciliation/reconciliation-store';
import { migrateTo } from './migration-support';

const NAME = '0026-reconciliation-differences';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: its runs report no differences, and new runs keep theirs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old.prepare(`INSERT INTO reconciliation_runs (trigger, from_date, to_date, from_ms, to_ms, started_at, finished_at, state) VALUES ('daily', '2026-11-30', '2026-11-30', 0, 1, '2026-12-01T02:00:00.000Z', '2026-12-01T02:00:05.000Z', 'done')`).run();
      old.close();
      const db = openRelayDatabase(dir);
      const store = new ReconciliationStore(db);
      expect(store.recent(5)).toEqual([expect.objectContaining({ state: 'done', differences: 0, correctedCalls: 0, differing: [] })]);
      const id = store.started({ trigger: 'on_demand', fromDate: '2026-11-30', toDate: '2026-11-30', fromMs: 0, toMs: 1, at: '2026-12-01T09:00:00.000Z' });
      const fact = { kind: 'call' as const, key: 'call.completed|openphone:AC1', businessNumber: '+16175550140', externalNumber: '+16175550181', at: '2026-11-30T10:00:00.000Z', difference: 'duration' as const, inRingside: 240, inOpenPhone: 300, corrected: true };
      store.finished(id, { at: '2026-12-01T09:00:01.000Z', listedCalls: 1, listedMessages: 0, recovered: [], differing: [fact], unreadable: 0, error: null });
      expect(store.recent(1)[0]).toMatchObject({ differences: 1, correctedCalls: 1, differing: [fact] });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
