import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0024-create-jobs';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: calls and texts already stored count as history (extraction starts at the head), and the feed keeps one secret hash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('jobs');
      const insert = old.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', ?, 'call.transcript_ready', '[]', '{}', '2026-12-01T00:00:00.000Z')");
      insert.run('EV1');
      insert.run('EV2');
      old.close();

      const db = openRelayDatabase(dir);
      expect(tableNames(db)).toEqual(expect.arrayContaining(['jobs', 'job_photos', 'job_photo_uploads', 'jobs_extraction_pending', 'jobs_extracted', 'jobs_subject_events', 'jobs_progress', 'calendar_feed']));
      expect(db.prepare("SELECT applied_seq FROM jobs_progress WHERE follower = 'extraction'").pluck().get()).toBe(2);
      db.prepare("INSERT INTO calendar_feed (id, secret_sha256, created_at, created_by) VALUES (1, x'00', 'now', 'Owner')").run();
      expect(() => db.prepare("INSERT INTO calendar_feed (id, secret_sha256, created_at, created_by) VALUES (2, x'00', 'now', 'Owner')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO jobs_extraction_pending (subject_kind, subject_id, revision, stage, due_at_ms, touched_seq) VALUES ('email', 'x', 1, 'offline', 0, 0)").run()).toThrow(/CHECK/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
