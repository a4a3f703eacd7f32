import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0650-create-campaigns', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds campaigns listed newest first', async () => {
    db = createDb();
    await migrateTo(db, '0650-create-campaigns');
    db.sqlite.prepare(`INSERT INTO campaigns VALUES ('c1', '+16175550199', 'Spring sale', 125, 3, 1000, 2000)`).run();
    expect(rows(db, 'campaigns')).toHaveLength(1);
    expect(indexNames(db, 'campaigns')).toContain('campaigns_by_last_sent');
  });
});
