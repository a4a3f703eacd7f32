import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0400-create-customer-search', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  const found = (match: string) =>
    (
      db.sqlite
        .prepare('SELECT k.customer_id FROM customer_search s JOIN customer_search_keys k ON k.search_rowid = s.rowid WHERE customer_search MATCH ? ORDER BY k.customer_id')
        .all(match) as { customer_id: string }[]
    ).map((r) => r.customer_id);

  it('indexes the customers already projected, with the digits of their numbers', async () => {
    db = createDb();
    await migrateTo(db, '0210-create-invoice-due-dates');
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada Lovelace', 'Analytical Engines', 'ada@example.com', 1)`).run();
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c2', 'Zoë Brontë', NULL, NULL, 2)`).run();
    db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c1', '+16175550100'), ('c1', '+442071838750')`).run();

    await migrateTo(db, '0400-create-customer-search');

    expect(rows(db, 'customer_search')).toEqual([
      { name: 'Ada Lovelace', company: 'Analytical Engines', email: 'ada@example.com', phones: expect.stringMatching(/^(16175550100 442071838750|442071838750 16175550100)$/) },
      { name: 'Zoë Brontë', company: '', email: '', phones: '' },
    ]);
    expect(found('"engines"')).toEqual(['c1']);
    expect(found('phones : "6175550100"')).toEqual(['c1']);
    expect(found('"zoe bro"')).toEqual(['c2']);
  });

  it('keeps the index in step with every write to customers and their numbers', async () => {
    db = createDb();
    await migrateTo(db, '0400-create-customer-search');
    // Numbers may be written before their customer's row.
    db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c1', '+16175550100')`).run();
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada Lovelace', NULL, NULL, 1)`).run();
    expect(found('phones : "6175550100"')).toEqual(['c1']);

    // The projection's upsert and phone-set replacement.
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada King', 'Engines', NULL, 2) ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, company = excluded.company`).run();
    db.sqlite.prepare(`DELETE FROM customer_phones WHERE customer_id = 'c1'`).run();
    db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c1', '+12125550142')`).run();
    expect(found('"lovelace"')).toEqual([]);
    expect(found('"ada king"')).toEqual(['c1']);
    expect(found('phones : "6175550100"')).toEqual([]);
    expect(found('phones : "2125550142"')).toEqual(['c1']);

    db.sqlite.prepare(`DELETE FROM customers WHERE customer_id = 'c1'`).run();
    expect(found('"ada"')).toEqual([]);
    expect(rows(db, 'customer_search_keys')).toEqual([]);
    expect(rows(db, 'customer_search')).toEqual([]);
  });
});
