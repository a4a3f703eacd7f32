import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { RedactionStore } from '../../src/privacy/redaction-store';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0025-create-privacy';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: an erasure is kept step by step, found again by its request, and picked up after a restart until done', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('privacy_redactions');
      old.close();
      let db = openRelayDatabase(dir);
      let store = new RedactionStore(db);
      store.add({ redactionId: 'erasure-1', reason: 'erasure', requestId: 'request-0001', customerId: 'c1', requestedAt: '2026-12-02T00:00:00.000Z', requestedBy: 'Owner laptop', kinds: ['customer'] });
      expect(() => store.add({ redactionId: 'erasure-2', reason: 'erasure', requestId: 'request-0001', customerId: 'c2', requestedAt: '2026-12-02T00:00:01.000Z', requestedBy: 'Owner laptop', kinds: ['customer'] })).toThrow(/UNIQUE/);
      expect(() => store.add({ redactionId: 'erasure-3', reason: 'erasure', requestId: null, customerId: 'c2', requestedAt: '2026-12-02T00:00:01.000Z', requestedBy: 'Owner laptop', kinds: ['customer'] })).toThrow(/CHECK/);
      store.rewritten('erasure-1', ['customer'], [3, 4, 9], ['a'.repeat(64)]);
      db.close();

      db = openRelayDatabase(dir);
      store = new RedactionStore(db);
      expect(store.unfinished().map((redaction) => [redaction.redactionId, redaction.step, redaction.seqs])).toEqual([['erasure-1', 'remove_media', [3, 4, 9]]]);
      expect(store.byRequest('request-0001')?.customerId).toBe('c1');
      store.finish('erasure-1', '2026-12-02T00:01:00.000Z', null);
      expect(store.unfinished()).toEqual([]);
      expect(() => db.prepare("UPDATE privacy_redactions SET step = 'lost'").run()).toThrow(/CHECK/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
