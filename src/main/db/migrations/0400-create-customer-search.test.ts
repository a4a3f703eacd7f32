import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import { bringSearchIndexUpToDate } from '../../customers/search-index';
import type { ConsoleDatabase } from '../open-console-database';

describe('0400-create-customer-search', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  const byText = (phrase: string) =>
    (
      db.sqlite
        .prepare('SELECT k.customer_id FROM customer_search s JOIN customer_search_keys k ON k.search_rowid = s.rowid WHERE customer_search MATCH ? ORDER BY k.customer_id')
        .all(`"${phrase}"`) as { customer_id: string }[]
    ).map((r) => r.customer_id);
  // As the search reads it: only numbers the customer still has.
  const byDigits = (digits: string) =>
    (
      db.sqlite
        .prepare(
          `SELECT pk.customer_id FROM phone_search p JOIN phone_search_keys pk ON pk.search_rowid = p.rowid
           JOIN customer_phones cp ON cp.customer_id = pk.customer_id AND cp.phone_e164 = pk.phone_e164
           WHERE phone_search MATCH ? ORDER BY pk.customer_id`,
        )
        .all(`"${digits}"`) as { customer_id: string }[]
    ).map((r) => r.customer_id);

  it('queues the customers and numbers already projected; the first search indexes them', async () => {
    db = createDb();
    await migrateTo(db, '0210-create-invoice-due-dates');
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada Lovelace', 'Analytical Engines', 'ada@example.com', 1)`).run();
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c2', 'Zoë Brontë', NULL, NULL, 2)`).run();
    db.sqlite.prepare(`INSERT INTO customer_phones VALUES ('c1', '+16175550100'), ('c1', '+442071838750')`).run();

    await migrateTo(db, '0400-create-customer-search');
    expect(rows(db, 'customer_search_pending')).toHaveLength(2);
    expect(bringSearchIndexUpToDate(db)).toBe(true);

    expect(rows(db, 'customer_search')).toEqual([
      { name: 'Ada Lovelace', company: 'Analytical Engines', email: 'ada@example.com' },
      { name: 'Zoë Brontë', company: '', email: '' },
    ]);
    expect(rows(db, 'phone_search').map((r) => r['digits'])).toEqual(['16175550100', '442071838750']);
    expect(rows(db, 'customer_search_pending')).toEqual([]);
    expect(byText('engines')).toEqual(['c1']);
    expect(byDigits('6175550100')).toEqual(['c1']);
    expect(byDigits('2071838')).toEqual(['c1']);
    expect(byText('zoe bro')).toEqual(['c2']);
    expect(bringSearchIndexUpToDate(db)).toBe(false);
  });

  it('keeps the indexes in step with every write to customers and their numbers', async () => {
    db = createDb();
    await migrateTo(db, '0400-create-customer-search');
    // Numbers may be written before their customer's row.
    db.sqlite.prepare(`INSERT OR IGNORE INTO customer_phones VALUES ('c1', '+16175550100')`).run();
    db.sqlite.prepare(`INSERT INTO customers VALUES ('c1', 'Ada Lovelace', NULL, NULL, 1)`).run();
    bringSearchIndexUpToDate(db);
    expect(byDigits('6175550100')).toEqual(['c1']);
    expect(byText('lovelace')).toEqual(['c1']);

    // The projection's upsert and phone-set replacement.
    const upsert = db.sqlite.prepare(
      `INSERT INTO customers VALUES (?, ?, ?, NULL, 2) ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, company = excluded.company, updated_seq = excluded.updated_seq`,
    );
    const replacePhones = (phones: string[]) => {
      db.sqlite.prepare(`DELETE FROM customer_phones WHERE customer_id = 'c1'`).run();
      for (const phone of phones) db.sqlite.prepare(`INSERT OR IGNORE INTO customer_phones VALUES ('c1', ?)`).run(phone);
    };
    upsert.run('c1', 'Ada King', 'Engines');
    replacePhones(['+12125550142']);
    bringSearchIndexUpToDate(db);
    expect(byText('lovelace')).toEqual([]);
    expect(byText('ada king')).toEqual(['c1']);
    expect(byDigits('6175550100')).toEqual([]);
    expect(byDigits('2125550142')).toEqual(['c1']);

    // The same customer again (a re-import) leaves the indexes nothing to do.
    upsert.run('c1', 'Ada King', 'Engines');
    replacePhones(['+12125550142']);
    expect(bringSearchIndexUpToDate(db)).toBe(false);

    // A number given back is found again, from the pair indexed the first time.
    replacePhones(['+12125550142', '+16175550100']);
    expect(bringSearchIndexUpToDate(db)).toBe(false);
    expect(byDigits('6175550100')).toEqual(['c1']);
    expect(rows(db, 'phone_search_keys')).toHaveLength(2);

    db.sqlite.prepare(`DELETE FROM customers WHERE customer_id = 'c1'`).run();
    replacePhones([]);
    bringSearchIndexUpToDate(db);
    expect(byText('ada')).toEqual([]);
    expect(byDigits('2125550142')).toEqual([]);
    expect(rows(db, 'customer_search_keys')).toEqual([]);
    expect(rows(db, 'customer_search')).toEqual([]);
  });
});
