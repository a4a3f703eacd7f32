import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0670-create-relay-alerts', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds one row per raised alert', async () => {
    db = createDb();
    await migrateTo(db, '0670-create-relay-alerts');
    db.sqlite.prepare(`INSERT INTO relay_alerts VALUES ('media:openphone:AC1:recording:0', 'A call recording could not be saved; retrying.', 1000, 9)`).run();
    expect(rows(db, 'relay_alerts')).toHaveLength(1);
    expect(() => db.sqlite.prepare(`INSERT INTO relay_alerts VALUES ('media:openphone:AC1:recording:0', 'again', 1000, 10)`).run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
