import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { CalendarFeedStore } from '../../src/jobs/calendar-feed-store';
import { migrateTo } from './migration-support';

const NAME = '0027-calendar-photo-links';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;
const SHA = 'ab'.repeat(32);

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: a feed made before gets its own key for photo links, and a rotation replaces it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old.prepare("INSERT INTO calendar_feed (id, secret_sha256, created_at, created_by) VALUES (1, randomblob(32), '2026-12-01T09:00:00.000Z', 'Back office')").run();
      old.close();
      const db = openRelayDatabase(dir);
      const feed = new CalendarFeedStore(db);
      const key = db.prepare('SELECT photo_key FROM calendar_feed').pluck().get() as Buffer;
      expect(key.length).toBe(32);
      const token = feed.photoToken(SHA)!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(feed.opensPhoto(SHA, token)).toBe(true);
      expect(feed.opensPhoto('cd'.repeat(32), token)).toBe(false);
      feed.rotate('2026-12-02T09:00:00.000Z', 'Back office');
      expect(feed.opensPhoto(SHA, token)).toBe(false);
      expect(feed.opensPhoto(SHA, feed.photoToken(SHA)!)).toBe(true);
      feed.revoke();
      expect(feed.photoToken(SHA)).toBeNull();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
