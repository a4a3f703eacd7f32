import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { TranscriptionQueue } from '../../src/transcription/transcription-queue';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0023-create-transcriptions';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: a recording is queued once per call and media, waits durably, and a provider transcript settles it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('transcriptions');
      old.close();
      let db = openRelayDatabase(dir);
      let queue = new TranscriptionQueue(db);
      expect(queue.cursor()).toBeNull();
      const audio = { callId: 'openphone:AC1', mediaId: 'openphone:AC1:recording:0', kind: 'recording' as const, sha256: 'a'.repeat(64), contentType: 'audio/mpeg', lines: ['+16175550100'] };
      queue.enqueue(audio, 1000, 10);
      queue.enqueue({ ...audio, sha256: 'b'.repeat(64) }, 5000, 20);
      queue.setCursor(7);
      db.close();

      db = openRelayDatabase(dir);
      queue = new TranscriptionQueue(db);
      expect(queue.cursor()).toBe(7);
      expect(queue.due(999, 10)).toHaveLength(0);
      expect(queue.due(1000, 10)).toEqual([expect.objectContaining({ callId: 'openphone:AC1', sha256: 'a'.repeat(64), lines: ['+16175550100'], state: 'waiting', attempts: 0 })]);
      queue.providerTranscribed('openphone:AC1', null, 8, 30);
      expect(queue.due(10_000, 10)).toHaveLength(0);
      expect(queue.find(audio.callId, audio.mediaId)?.state).toBe('provider');
      // Captured after the provider's transcript: never waits.
      queue.enqueue({ ...audio, mediaId: 'openphone:AC1:recording:1' }, 1000, 40);
      expect(queue.find(audio.callId, 'openphone:AC1:recording:1')?.state).toBe('provider');
      expect(() => db.prepare("UPDATE transcriptions SET state = 'lost'").run()).toThrow(/CHECK/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
