import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0030-create-plans', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds plans beside existing customers', async () => {
    db = createDb();
    await migrateTo(db, '0020-create-customers');
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada', 'Analytical', NULL, 3)`).run();

    await migrateTo(db, '0030-create-plans');

    expect(rows(db, 'customers')).toEqual([{ customer_id: 'c1', name: 'Ada', company: 'Analytical', email: null, updated_seq: 3 }]);
    db.sqlite.prepare(`INSERT INTO plans VALUES ('p1', 'Business', 'monthly', 36000, 39900, 'USD', 4)`).run();
    expect(rows(db, 'plans')).toHaveLength(1);
  });
});
