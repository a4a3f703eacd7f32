import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { ContactPushStore } from '../../src/providers/openphone/contact-push/contact-push-store';
import { migrateTo, relayDbAt, tableNames } from './migration-support';

const NAME = '0015-create-contact-push';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;
const MARIA = { name: 'Maria Lopez', company: null, emails: [], phones: ['+16175550142'], plan: null };

describe(NAME, () => {
  it('keeps one outbox row per customer, owed a push only while its description differs from what was pushed, and one cursor', () => {
    const db = relayDbAt(NAME);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['contact_push_cursor', 'contact_push_customers', 'contact_push_plans', 'contact_push_subscriptions']));
    expect(() => db.prepare('INSERT INTO contact_push_cursor (id, seq) VALUES (2, 0)').run()).toThrow(/CHECK/);
    const store = new ContactPushStore(db);
    store.foldThrough(7, () => store.describe('c1', MARIA, 7));
    expect(store.cursor()).toBe(7);
    const [owed] = store.due(0, 10);
    expect(owed).toMatchObject({ customerId: 'c1', customer: MARIA, contactId: null, attempts: 0 });
    store.pushed('c1', owed!.contentHash, 'CT1');
    expect(store.due(0, 10)).toEqual([]);
    // Described again the same: nothing owed. Changed: owed again, with the contact it has.
    store.describe('c1', MARIA, 8);
    expect(store.due(0, 10)).toEqual([]);
    store.describe('c1', { ...MARIA, company: 'Lopez Bakery' }, 9);
    expect(store.due(0, 10)).toMatchObject([{ customerId: 'c1', contactId: 'CT1' }]);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay: the push starts from the beginning of the log', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      old.close();
      const db = openRelayDatabase(dir);
      expect(new ContactPushStore(db).cursor()).toBe(0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
