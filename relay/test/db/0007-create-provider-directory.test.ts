import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { migrateTo, relayDbAt, tableNames } from './migration-support';

const NAME = '0007-create-provider-directory';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;
const HASH = 'a'.repeat(64);

describe(NAME, () => {
  it('keeps one directory per provider, with a hash exactly when it was synced', () => {
    const db = relayDbAt(NAME);
    const insert = db.prepare('INSERT INTO provider_directory (provider, content_hash, synced_at) VALUES (?, ?, ?)');
    insert.run('openphone', HASH, 'now');
    expect(() => insert.run('openphone', HASH, 'now')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run('twilio', 'short', 'now')).toThrow(/CHECK/);
    expect(() => insert.run('twilio', HASH, null)).toThrow(/CHECK/);
    // Never synced, but an alert about the key raised: a row without a hash.
    db.prepare("INSERT INTO provider_directory (provider, alert_lines) VALUES ('vapi', '[]')").run();
    expect(db.prepare('SELECT provider, lines FROM provider_directory ORDER BY provider').all()).toEqual([
      { provider: 'openphone', lines: '[]' },
      { provider: 'vapi', lines: '[]' },
    ]);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay in place, its events kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', 'kept', 'call.ringing', '[]', '{}', 'now')").run();
      expect(tableNames(old)).not.toContain('provider_directory');
      old.close();
      const db = openRelayDatabase(dir);
      expect(tableNames(db)).toContain('provider_directory');
      expect(db.prepare('SELECT event_id FROM events').pluck().all()).toEqual(['kept']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
