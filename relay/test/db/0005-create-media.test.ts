import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { migrateTo, relayDbAt, tableNames } from './migration-support';

function queue(db: Database.Database, mediaId: string, nextAttemptAt: number, state = 'pending'): void {
  db.prepare("INSERT INTO media (media_id, url, kind, lines, state, next_attempt_at, queued_at) VALUES (?, 'https://storage.googleapis.com/a', 'recording', '[]', ?, ?, 'now')").run(mediaId, state, nextAttemptAt);
}

describe('0005-create-media', () => {
  it('adds the media table, empty, to a relay.db of the previous schema', () => {
    const db = relayDbAt('0004-create-call-lines');
    expect(tableNames(db)).not.toContain('media');
    migrateTo(db, '0005-create-media');
    expect(tableNames(db)).toContain('media');
    expect(db.prepare('SELECT count(*) FROM media').pluck().get()).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    db.close();
  });

  it('keeps one row per mediaId, refuses unknown states and kinds, and a captured row without its file', () => {
    const db = relayDbAt('0005-create-media');
    queue(db, 'openphone:AC1:recording:0', 1);
    expect(() => queue(db, 'openphone:AC1:recording:0', 2)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => queue(db, 'openphone:AC2:recording:0', 1, 'lost')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE media SET kind = 'sticker'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE media SET state = 'captured'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE media SET state = 'captured', sha256 = ?, content_type = 'audio/mpeg', bytes = 10").run('a'.repeat(64));
    db.close();
  });

  it('finds due downloads and captured files through their indexes, not by reading the whole table', () => {
    const db = relayDbAt('0005-create-media');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('; ');
    expect(plan("SELECT media_id FROM media INDEXED BY media_pending_by_due WHERE state = 'pending' AND next_attempt_at <= 5 ORDER BY next_attempt_at LIMIT 4")).toMatch(/SEARCH media USING (COVERING )?INDEX media_pending_by_due \(next_attempt_at<\?\)/);
    expect(plan("SELECT lines FROM media INDEXED BY media_by_sha256 WHERE sha256 = 'x'")).toMatch(/SEARCH media USING INDEX media_by_sha256 \(sha256=\?\)/);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay in place, its events kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, '0004-create-call-lines');
      old.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', 'kept', 'call.ringing', '[]', '{}', 'now')").run();
      old.close();
      const db = openRelayDatabase(dir);
      expect(tableNames(db)).toContain('media');
      expect(db.prepare('SELECT event_id FROM events').pluck().all()).toEqual(['kept']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
