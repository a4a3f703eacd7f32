import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0210-create-invoice-due-dates', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds one due date per invoice beside the invoices', async () => {
    db = createDb();
    await migrateTo(db, '0200-create-quickbooks-sync');
    await migrateTo(db, '0210-create-invoice-due-dates');
    db.sqlite.prepare(`INSERT INTO invoice_due_dates VALUES ('call:c1', '2026-03-31')`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO invoice_due_dates VALUES ('call:c1', '2026-04-30')`).run()).toThrow(/UNIQUE/);
    expect(rows(db, 'invoice_due_dates')).toHaveLength(1);
  });
});
