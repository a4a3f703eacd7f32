import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0690-create-messaging-policy', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('holds one policy row at most', async () => {
    db = createDb();
    await migrateTo(db, '0690-create-messaging-policy');
    db.sqlite.prepare('INSERT INTO messaging_policy VALUES (1, 5, 60, 1000, 9)').run();
    expect(rows(db, 'messaging_policy')).toEqual([{ id: 1, campaign_min_recipients: 5, campaign_window_minutes: 60, defined_at_ms: 1000, seq: 9 }]);
    expect(() => db.sqlite.prepare('INSERT INTO messaging_policy VALUES (2, 5, 60, 1000, 10)').run()).toThrow(/CHECK/);
  });
});
