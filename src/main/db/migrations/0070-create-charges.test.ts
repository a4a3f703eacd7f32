import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0070-create-charges', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds charges beside the billing state, with the indexes corrections, statements and late invoicing read', async () => {
    db = createDb();
    await migrateTo(db, '0060-create-billing-state');
    db.sqlite.prepare(`INSERT INTO billing_accounts VALUES ('c1', 's1', '{}', 3)`).run();

    await migrateTo(db, '0070-create-charges');

    expect(rows(db, 'billing_accounts')).toHaveLength(1);
    db.sqlite
      .prepare(
        `INSERT INTO charges VALUES ('ch7', 'call1', 7, NULL, NULL, '+14155550199', 1000, 6000, 0, 1000, 60, 60, 0, 300, 300, 'USD', 300, 60, '[]', '[]', '[]', 0, NULL, NULL, NULL, NULL)`,
      )
      .run();
    expect(rows(db, 'charges')).toHaveLength(1);
    expect(indexNames(db, 'charges')).toEqual(expect.arrayContaining(['charges_by_call', 'charges_by_billed_customer', 'charges_by_start', 'charges_waiting_by_number']));
    const plan = db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT * FROM charges WHERE number_e164 = ? AND billed_customer_id IS NULL`).all('+1') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('charges_waiting_by_number');
  });
});
