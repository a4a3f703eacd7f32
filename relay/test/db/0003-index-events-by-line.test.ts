import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { migrateTo, relayDbAt } from './migration-support';

function insertEvent(db: Database.Database, id: string, source: string, lines: string[]): void {
  db.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES (?, ?, 'call.ringing', ?, '{}', 'now')").run(source, id, JSON.stringify(lines));
}

describe('0003-index-events-by-line', () => {
  it('indexes the events already stored by each of their lines, console events apart', () => {
    const db = relayDbAt('0002-create-quickbooks-connection');
    insertEvent(db, 'a', 'openphone', ['+16175550100']);
    insertEvent(db, 'b', 'openphone', ['+16175550101', '+16175550100']);
    insertEvent(db, 'c', 'console', []);
    migrateTo(db, '0003-index-events-by-line');
    expect(db.prepare('SELECT line, seq FROM event_lines ORDER BY line, seq').all()).toEqual([
      { line: '+16175550100', seq: 1 },
      { line: '+16175550100', seq: 2 },
      { line: '+16175550101', seq: 2 },
    ]);
    expect(db.prepare("SELECT seq FROM events WHERE source = 'console'").pluck().all()).toEqual([3]);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
  });

  it('reads one line through the index and console events through the partial index, not the whole log', () => {
    const db = relayDbAt('0003-index-events-by-line');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('; ');
    expect(plan("SELECT seq FROM event_lines WHERE line = '+1' AND seq > 0 AND seq <= 9 ORDER BY seq LIMIT 10")).toMatch(/SEARCH event_lines USING PRIMARY KEY/);
    expect(plan("SELECT seq FROM events INDEXED BY events_console_seq WHERE source = 'console' AND seq > 0 AND seq <= 9 ORDER BY seq LIMIT 10")).toMatch(/SEARCH events USING COVERING INDEX events_console_seq \(seq>/);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay (schema version 2) in place', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, '0002-create-quickbooks-connection');
      insertEvent(old, 'kept', 'openphone', ['+16175550100']);
      old.close();
      const db = openRelayDatabase(dir);
      expect(db.pragma('user_version', { simple: true })).toBe(RELAY_MIGRATIONS.length);
      expect(db.prepare('SELECT line, seq FROM event_lines').all()).toEqual([{ line: '+16175550100', seq: 1 }]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
