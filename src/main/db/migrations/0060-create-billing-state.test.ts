import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0060-create-billing-state', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds the billing state and accounts, and replays a database projected before billing from seq 0', async () => {
    db = createDb();
    await migrateTo(db, '0050-create-calls');
    db.sqlite.prepare('UPDATE projection_state SET applied_seq = 42, last_event_at_ms = 7 WHERE id = 1').run();
    db.sqlite.prepare(`INSERT INTO calls VALUES ('call1', 'incoming', '+16175550100', '+16175550199', 1000, NULL, NULL, NULL, 'ringing', 6)`).run();

    await migrateTo(db, '0060-create-billing-state');

    expect(rows(db, 'calls')).toHaveLength(1);
    expect(rows(db, 'projection_state')).toEqual([expect.objectContaining({ applied_seq: 0 })]);
    expect(rows(db, 'billing_state')).toEqual([{ id: 1, clock_ms: null, catalog_json: null }]);
    db.sqlite.prepare(`INSERT INTO billing_accounts VALUES ('c1', 's1', '{}', 3)`).run();
    expect(indexNames(db, 'billing_accounts')).toContain('billing_accounts_by_subscription');
  });
});
