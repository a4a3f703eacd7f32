import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0020-create-customers', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds customers and their phones, keeping the applied seq', async () => {
    db = createDb();
    await migrateTo(db, '0010-create-projection-state');
    db.sqlite.prepare('UPDATE projection_state SET applied_seq = 42').run();

    await migrateTo(db, '0020-create-customers');

    expect(rows(db, 'projection_state')).toEqual([{ id: 1, applied_seq: 42, last_event_at_ms: null }]);
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada', NULL, NULL, 1)`).run();
    db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c1', '+16175550100')`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c1', '+16175550100')`).run()).toThrow(/UNIQUE/);
    // The same number may belong to another customer (a shared office line).
    db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c2', '+16175550100')`).run();
    expect(indexNames(db, 'customer_phones')).toContain('customer_phones_by_phone');
  });
});
