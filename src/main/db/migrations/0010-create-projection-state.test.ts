import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0010-create-projection-state', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('starts a new database at applied seq 0', async () => {
    db = createDb();
    await migrateTo(db, '0010-create-projection-state');
    expect(rows(db, 'projection_state')).toEqual([{ id: 1, applied_seq: 0, last_event_at_ms: null }]);
  });

  it('keeps the state to a single row', async () => {
    db = createDb();
    await migrateTo(db, '0010-create-projection-state');
    expect(() => db.sqlite.prepare('INSERT INTO projection_state (id, applied_seq) VALUES (2, 0)').run()).toThrow(/CHECK/);
  });
});
