import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { PollStore } from '../../src/providers/mightycall/poll-store';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0018-create-mightycall-poll';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;
const DAY_MS = 24 * 60 * 60_000;

describe(NAME, () => {
  it("upgrades a relay.db written by the previous relay, then keeps the poller's cursors, the last day's requests and its state across a reopen", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('mightycall_cursors');
      old.close();
      let db = openRelayDatabase(dir);
      let store = new PollStore(db);
      expect(store.cursor('calls')).toEqual({ doneUntil: null, windowFrom: null, windowTo: null, position: 0, readAt: null });
      expect(store.state()).toMatchObject({ lastPollAt: null, failures: 0, counts: {} });
      store.saveCursor('calls', { doneUntil: '2026-11-30T10:00:00.000Z', windowFrom: '2026-11-30T08:00:00.000Z', windowTo: '2026-11-30T12:00:00.000Z', position: 200, readAt: null });
      store.requestSent(1_000);
      store.requestSent(2_000);
      store.saveState({ lastPollAt: '2026-11-30T12:00:00.000Z', lastError: 'calls: MightyCall answered HTTP 502', lastErrorAt: '2026-11-30T12:00:00.000Z', heldUntilMs: null, failures: 1, counts: { calls: 4 } });
      db.close();
      db = openRelayDatabase(dir);
      store = new PollStore(db);
      expect(store.cursor('calls').position).toBe(200);
      expect(store.usedInDay(3_000)).toBe(2);
      expect(store.nextFreeAtMs(3_000)).toBe(1_000 + DAY_MS);
      // A request leaves the day 24 hours after it was sent, and is forgotten by the next one.
      expect(store.usedInDay(1_000 + DAY_MS)).toBe(1);
      store.requestSent(2_000 + DAY_MS);
      expect(db.prepare('SELECT count(*) FROM mightycall_requests').pluck().get()).toBe(1);
      expect(store.state()).toMatchObject({ failures: 1, counts: { calls: 4 } });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
