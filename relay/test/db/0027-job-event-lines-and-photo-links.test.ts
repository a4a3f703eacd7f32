import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { CalendarFeedStore } from '../../src/jobs/calendar-feed-store';
import { migrateTo } from './migration-support';

const NAME = '0027-job-event-lines-and-photo-links';
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

  it("puts job events a console stored about no line on their job's lines, so an agent of another line no longer reads them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    const LINE = '+16175550100';
    const at = '2026-12-01T09:00:00.000Z';
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      const insert = old.prepare('INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES (?, ?, ?, ?, ?, ?)');
      const store = (source: string, id: string, type: string, lines: string[], data: Record<string, unknown>): number =>
        Number(insert.run(source, id, type, JSON.stringify(lines), JSON.stringify({ v: 2, id, source, type, occurredAt: at, receivedAt: at, lines, data }), at).lastInsertRowid);
      old.prepare('INSERT INTO call_lines (call_id, lines) VALUES (?, ?)').run('openphone:AC1', JSON.stringify([LINE]));
      // A job from an extraction (the projection knows its lines), one made on a call, one on a thread, one by hand.
      old.prepare("INSERT INTO jobs (job_id, stage, position, scheduled_start, lines, record) VALUES ('call:openphone:AC1:0', 'quote_requested', 1, NULL, ?, '{}')").run(JSON.stringify([LINE]));
      const note = store('console', 'n1', 'job.note_added', [], { noteId: 'n1', jobId: 'call:openphone:AC1:0', text: 'Gate code 4411', by: 'Desk' });
      const made = store('console', 'c1', 'job.created', [], { jobId: 'on-call', callId: 'openphone:AC1', conversationId: null, details: { title: 'T' }, by: 'Desk' });
      const edit = store('console', 'e1', 'job.edited', [], { jobId: 'on-call', changes: { address: '42 Elm' }, by: 'Desk' });
      const thread = store('console', 'c2', 'job.created', [], { jobId: 'on-thread', callId: null, conversationId: `${LINE}|+16175550111`, details: { title: 'T' }, by: 'Desk' });
      const threadMove = store('console', 'm2', 'job.moved', [], { jobId: 'on-thread', stage: 'confirmed', beforeJobId: null, by: 'Desk' });
      const hand = store('console', 'c3', 'job.created', [], { jobId: 'by-hand', callId: null, conversationId: null, details: { title: 'T' }, by: 'Desk' });
      const handNote = store('console', 'n3', 'job.note_added', [], { noteId: 'n3', jobId: 'by-hand', text: 'hello', by: 'Desk' });
      old.prepare("INSERT INTO jobs_progress (follower, applied_seq, version) VALUES ('projection', ?, 1) ON CONFLICT (follower) DO UPDATE SET applied_seq = excluded.applied_seq, version = 1").run(handNote);
      old.close();
      const db = openRelayDatabase(dir);
      const linesOf = (seq: number): { column: string[]; event: string[]; indexed: string[] } => ({
        column: JSON.parse(db.prepare('SELECT lines FROM events WHERE seq = ?').pluck().get(seq) as string),
        event: (JSON.parse(db.prepare('SELECT event FROM events WHERE seq = ?').pluck().get(seq) as string) as { lines: string[] }).lines,
        indexed: db.prepare('SELECT line FROM event_lines WHERE seq = ?').pluck().all(seq) as string[],
      });
      const onLine = { column: [LINE], event: [LINE], indexed: [LINE] };
      for (const seq of [note, made, edit, thread, threadMove]) expect(linesOf(seq), String(seq)).toEqual(onLine);
      for (const seq of [hand, handNote]) expect(linesOf(seq)).toEqual({ column: [], event: [], indexed: [] });
      // The relay's jobs are folded again from the log as it now reads.
      expect(db.prepare("SELECT version FROM jobs_progress WHERE follower = 'projection'").pluck().get()).toBe(0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
