import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { NoticeOutbox } from '../../src/notices/notice-outbox';
import { DEFAULT_NOTICE_SETTINGS, NoticeSetupStore } from '../../src/notices/notice-setup-store';
import { Unsubscribes } from '../../src/notices/unsubscribes';
import { migrateTo, tableNames } from './migration-support';

const NAME = '0022-create-notices';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

describe(NAME, () => {
  it('upgrades a relay.db written by the previous relay: every kind is off, a notice key is stored once, and unsubscribe links are signed with a key kept in the database', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      expect(tableNames(old)).not.toContain('notice_outbox');
      old.close();
      let db = openRelayDatabase(dir);
      const setup = new NoticeSetupStore(db);
      expect(setup.read()).toMatchObject({ settings: DEFAULT_NOTICE_SETTINGS, enabledFromSeq: null });
      setup.save({ ...DEFAULT_NOTICE_SETTINGS, renewal: { ...DEFAULT_NOTICE_SETTINGS.renewal, enabled: true } }, 42, 'Owner laptop', '2026-12-02T00:00:00.000Z');
      expect(setup.read()).toMatchObject({ enabledFromSeq: 42, enabledSinceSeq: { renewal: 42, invoice_issued: null } });

      const outbox = new NoticeOutbox(db);
      const notice = { noticeKey: 'renewal:sub-1:2026-12-10:email', customerId: 'c1', customerName: 'Acme', kind: 'renewal' as const, channel: 'email' as const, recipient: 'a@b.test', subject: 'S', body: 'B', invoiceKey: null };
      expect(outbox.add(notice, '2026-12-02T00:00:00.000Z')).toBe(true);
      expect(outbox.add(notice, '2026-12-02T00:01:00.000Z')).toBe(false);
      expect(() => db.prepare("UPDATE notice_outbox SET state = 'lost'").run()).toThrow(/CHECK/);

      const token = new Unsubscribes(db).tokenOf('c1', 'renewal');
      db.close();
      db = openRelayDatabase(dir);
      expect(new Unsubscribes(db).verify(token)).toEqual({ customerId: 'c1', kind: 'renewal' });
      expect(new NoticeOutbox(db).has(notice.noticeKey)).toBe(true);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
