import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0630-create-conversations', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('finds the conversations of a number through its participants index', async () => {
    db = createDb();
    await migrateTo(db, '0630-create-conversations');
    db.sqlite.prepare(`INSERT INTO conversation_participants VALUES ('+16175550199|+16175550100,+16175550101', '+16175550100'), ('+16175550199|+16175550100,+16175550101', '+16175550101')`).run();
    expect(db.sqlite.prepare(`SELECT conversation_key FROM conversation_participants WHERE phone_e164 = '+16175550101'`).all()).toHaveLength(1);
    expect(indexNames(db, 'conversation_participants')).toContain('conversation_participants_by_phone');
    expect(indexNames(db, 'conversations')).toContain('conversations_by_last_message');
  });
});
