import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0300-create-local-log', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('a database projected before the local copy existed records where the copy starts, and no projection version', async () => {
    db = createDb();
    await migrateTo(db, '0210-create-invoice-due-dates');
    db.sqlite.prepare('UPDATE projection_state SET applied_seq = 4200 WHERE id = 1').run();
    await migrateTo(db, '0300-create-local-log');
    expect(rows(db, 'local_log_state')).toEqual([{ id: 1, projection_version: null, kept_from_seq: 4200 }]);
  });

  it('a new database keeps its copy from the first seq; one row per seq', async () => {
    db = createDb();
    await migrateTo(db, '0300-create-local-log');
    expect(rows(db, 'local_log_state')).toEqual([{ id: 1, projection_version: null, kept_from_seq: 0 }]);
    db.sqlite.prepare(`INSERT INTO local_log VALUES (1, '{}', 0)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO local_log VALUES (1, '{}', 1)`).run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
