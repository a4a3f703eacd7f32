import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0796-create-payment-links', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps one row per link and one per outcome seq, found by customer and by reference', async () => {
    db = createDb();
    await migrateTo(db, '0796-create-payment-links');
    const link = db.sqlite.prepare(`INSERT INTO payment_links VALUES (?, 'c1', 'flutterwave', 'top_up', NULL, 5000, 'USD', 'https://checkout.example/pay/1', 'Front desk', 1000, ?)`);
    link.run('rs_link_1', 10);
    expect(() => link.run('rs_link_1', 11)).toThrow(/UNIQUE|PRIMARY/);
    const outcome = db.sqlite.prepare(`INSERT INTO payment_outcomes VALUES (?, ?, ?, 'rs_link_1', NULL, NULL, 5000, 'USD', ?, 2000)`);
    outcome.run(12, 'flutterwave:1', 'failed', 'The card was declined');
    outcome.run(13, 'flutterwave:2', 'received', null);
    expect(() => outcome.run(13, 'flutterwave:2', 'received', null)).toThrow(/UNIQUE|PRIMARY/);
    expect(rows(db, 'payment_outcomes')).toHaveLength(2);
    expect(indexNames(db, 'payment_links')).toContain('payment_links_by_customer');
    expect(indexNames(db, 'payment_outcomes')).toEqual(expect.arrayContaining(['payment_outcomes_by_customer', 'payment_outcomes_by_reference']));
  });
});
