import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0040-create-subscriptions', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds subscriptions beside existing plans', async () => {
    db = createDb();
    await migrateTo(db, '0030-create-plans');
    db.sqlite.prepare(`INSERT INTO plans VALUES ('p1', 'Business', 'monthly', 36000, 39900, 'USD', 4)`).run();

    await migrateTo(db, '0040-create-subscriptions');

    expect(rows(db, 'plans')).toHaveLength(1);
    db.sqlite.prepare(`INSERT INTO subscriptions VALUES ('s1', 'c1', 'p1', '2026-01-15', 5)`).run();
    expect(rows(db, 'subscriptions')).toEqual([
      { subscription_id: 's1', customer_id: 'c1', plan_id: 'p1', start_date: '2026-01-15', started_seq: 5 },
    ]);
    expect(indexNames(db, 'subscriptions')).toContain('subscriptions_by_customer');
  });
});
