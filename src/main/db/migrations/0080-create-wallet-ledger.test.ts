import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0080-create-wallet-ledger', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds wallet entries, adjustments and payments beside existing charges', async () => {
    db = createDb();
    await migrateTo(db, '0070-create-charges');
    db.sqlite
      .prepare(`INSERT INTO charges VALUES ('ch7', 'call1', 7, NULL, NULL, '+14155550199', 1000, 6000, 0, 1000, 60, 60, 0, 300, 300, 'USD', 300, 60, '[]', '[]', '[]', 0, NULL, NULL, NULL, NULL)`)
      .run();

    await migrateTo(db, '0080-create-wallet-ledger');

    expect(rows(db, 'charges')).toHaveLength(1);
    db.sqlite.prepare(`INSERT INTO wallet_entries VALUES ('e1', 'c1', 8, 1000, 'top_up', 5000, 5000, 'USD', 'Top-up', NULL)`).run();
    db.sqlite.prepare(`INSERT INTO billing_adjustments VALUES ('a1', 'c1', 9, 1000, 'seconds', 600, 600, 'goodwill', 'owner', 'Added 10 min')`).run();
    db.sqlite.prepare(`INSERT INTO payments VALUES ('p1', 'c1', 10, '2026-03-01', 19900, 'USD')`).run();
    expect([rows(db, 'wallet_entries'), rows(db, 'billing_adjustments'), rows(db, 'payments')].map((r) => r.length)).toEqual([1, 1, 1]);
    expect(indexNames(db, 'wallet_entries')).toContain('wallet_entries_by_customer');
    expect(indexNames(db, 'payments')).toContain('payments_by_customer');
  });
});
