import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0090-create-invoices', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds invoices and their lines beside the wallet ledger', async () => {
    db = createDb();
    await migrateTo(db, '0080-create-wallet-ledger');
    db.sqlite.prepare(`INSERT INTO payments VALUES ('p1', 'c1', 10, '2026-03-01', 19900, 'USD')`).run();

    await migrateTo(db, '0090-create-invoices');

    expect(rows(db, 'payments')).toHaveLength(1);
    db.sqlite
      .prepare(`INSERT INTO invoices VALUES ('sub:s1:2026-03-01', 'c1', 'subscription', 'ready', '2026-03-01', '2026-03-01', '2026-04-01', 19900, 0, 19900, 19900, 'USD', NULL, NULL, 11)`)
      .run();
    db.sqlite.prepare(`INSERT INTO invoice_lines VALUES ('sub:s1:2026-03-01', 1, 'Plan', '1', 'each', 19900, 19900, 0, 0, NULL)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO invoice_lines VALUES ('sub:s1:2026-03-01', 1, 'Again', '1', 'each', 1, 1, 0, 0, NULL)`).run()).toThrow(/UNIQUE/);
    expect(indexNames(db, 'invoices')).toEqual(expect.arrayContaining(['invoices_by_status', 'invoices_by_customer', 'invoices_by_quickbooks_id']));
  });
});
