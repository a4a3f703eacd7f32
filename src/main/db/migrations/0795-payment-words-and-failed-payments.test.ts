import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0795-payment-words-and-failed-payments', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps the payments recorded before it, now without words, and a failed charge once per payment id', async () => {
    db = createDb();
    await migrateTo(db, '0781-create-customer-suggestion-dismissals');
    db.sqlite.prepare(`INSERT INTO payments VALUES ('qb-pay-1', 'c-ada', 4, '2026-11-20', 19900, 'USD')`).run();
    await migrateTo(db, '0795-payment-words-and-failed-payments');
    expect(rows(db, 'payments')).toEqual([{ payment_id: 'qb-pay-1', customer_id: 'c-ada', seq: 4, received_on: '2026-11-20', amount_minor: 19900, currency: 'USD', description: null }]);

    const insert = db.sqlite.prepare('INSERT OR IGNORE INTO failed_payments VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run('flutterwave:9001', 'c-ada', 7, Date.parse('2026-12-01T10:00:00Z'), 5000, 'USD', 'A $50.00 top-up payment by Flutterwave failed. The card was declined.');
    insert.run('flutterwave:9001', 'c-ada', 8, Date.parse('2026-12-01T10:00:00Z'), 5000, 'USD', 'again');
    insert.run('flutterwave:9002', null, 9, Date.parse('2026-12-01T11:00:00Z'), 0, null, 'A payment by Flutterwave failed. Unknown reference.');
    expect(rows(db, 'failed_payments').map((r) => [r.payment_id, r.seq])).toEqual([
      ['flutterwave:9001', 7],
      ['flutterwave:9002', 9],
    ]);
    expect(indexNames(db, 'failed_payments')).toContain('failed_payments_by_customer');
  });
});
