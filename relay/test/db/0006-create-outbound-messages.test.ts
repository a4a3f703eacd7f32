import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { migrateTo, relayDbAt, tableNames } from './migration-support';

const NAME = '0006-create-outbound-messages';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

function insert(db: Database.Database, requestId: string, state: string, messageId: string | null = null, event: string | null = null): void {
  db.prepare("INSERT INTO outbound_messages (request_id, device_id, fingerprint, state, message_id, event, created_at, updated_at) VALUES (?, 'dev', 'fp', ?, ?, ?, 'now', 'now')").run(
    requestId,
    state,
    messageId,
    event,
  );
}

describe(NAME, () => {
  it('keeps one row per requestId', () => {
    const db = relayDbAt(NAME);
    insert(db, 'req-1', 'sending');
    expect(() => insert(db, 'req-1', 'sending')).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });

  it('refuses a state it does not know, and a sent row without its message id and event', () => {
    const db = relayDbAt(NAME);
    expect(() => insert(db, 'req-1', 'delivered')).toThrow(/CHECK/);
    expect(() => insert(db, 'req-2', 'sent')).toThrow(/CHECK/);
    expect(() => insert(db, 'req-3', 'sent', 'openphone:AC1')).toThrow(/CHECK/);
    insert(db, 'req-4', 'sent', 'openphone:AC1', '{}');
    insert(db, 'req-5', 'unknown');
    insert(db, 'req-6', 'failed');
    expect(db.prepare('SELECT request_id FROM outbound_messages ORDER BY request_id').pluck().all()).toEqual(['req-4', 'req-5', 'req-6']);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay in place, its events kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', 'kept', 'call.ringing', '[]', '{}', 'now')").run();
      expect(tableNames(old)).not.toContain('outbound_messages');
      old.close();
      const db = openRelayDatabase(dir);
      expect(tableNames(db)).toContain('outbound_messages');
      expect(db.prepare('SELECT event_id FROM events').pluck().all()).toEqual(['kept']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
