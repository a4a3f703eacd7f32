import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0720-create-quickbooks-tax', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps one company profile per realm, one tax code per realm and rate, and one QuickBooks total per invoice', async () => {
    db = createDb();
    await migrateTo(db, '0710-create-team-work');
    await migrateTo(db, '0720-create-quickbooks-tax');
    db.sqlite.prepare(`INSERT INTO quickbooks_company_profile VALUES ('realm-1', '{}', 1)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO quickbooks_company_profile VALUES ('realm-1', '{}', 2)`).run()).toThrow(/UNIQUE/);
    db.sqlite.prepare(`INSERT INTO quickbooks_tax_mapping VALUES ('realm-1', 2000, '3', 'Bea', 10)`).run();
    db.sqlite.prepare(`INSERT INTO quickbooks_tax_mapping VALUES ('realm-1', 0, '7', 'Bea', 10)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO quickbooks_tax_mapping VALUES ('realm-1', 2000, '4', 'Bea', 11)`).run()).toThrow(/UNIQUE/);
    db.sqlite.prepare(`INSERT INTO quickbooks_pushed_totals VALUES ('call:c1', 9913)`).run();
    db.sqlite.prepare(`INSERT INTO quickbooks_invoice_totals VALUES ('call:c1', 9913, 12)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO quickbooks_invoice_totals VALUES ('call:c1', 9500, 13)`).run()).toThrow(/UNIQUE/);
    expect(rows(db, 'quickbooks_tax_mapping')).toHaveLength(2);
  });
});
