import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows, tableNames } from '../../../../tests/support/migration-test-support';
import { createMigrator, type ConsoleDatabase } from '../open-console-database';
import { migrations } from './index';

describe('0691-create-messages-sent-here', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('remembers each text this console sent once', async () => {
    db = createDb();
    await migrateTo(db, '0691-create-messages-sent-here');
    db.sqlite.prepare(`INSERT INTO messages_sent_here VALUES ('openphone:M1', 1000)`).run();
    expect(rows(db, 'messages_sent_here')).toHaveLength(1);
    expect(() => db.sqlite.prepare(`INSERT INTO messages_sent_here VALUES ('openphone:M1', 2000)`).run()).toThrow(/UNIQUE|PRIMARY/);
  });

  it('a database an earlier version migrated past 0710 gets 0690 and 0691 when it opens, not a refusal', async () => {
    db = createDb();
    const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => !name.startsWith('069')));
    expect((await createMigrator(db.kysely, earlier).migrateToLatest()).error).toBeUndefined();
    expect(tableNames(db)).not.toContain('messaging_policy');
    expect((await createMigrator(db.kysely).migrateToLatest()).error).toBeUndefined();
    expect(tableNames(db)).toEqual(expect.arrayContaining(['messaging_policy', 'messages_sent_here']));
  });
});
