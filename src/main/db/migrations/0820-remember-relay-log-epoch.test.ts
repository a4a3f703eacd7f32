import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0820-remember-relay-log-epoch', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('a console upgraded from the previous version keeps its log state and has not been told an epoch yet', async () => {
    db = createDb();
    await migrateTo(db, '0810-create-privacy');
    db.sqlite.prepare('UPDATE local_log_state SET kept_from_seq = 12, projection_version = 3 WHERE id = 1').run();
    await migrateTo(db, '0820-remember-relay-log-epoch');
    expect(rows(db, 'local_log_state')).toEqual([{ id: 1, projection_version: 3, kept_from_seq: 12, relay_log_epoch: null }]);
  });
});
