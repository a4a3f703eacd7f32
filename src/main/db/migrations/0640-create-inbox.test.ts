import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0640-create-inbox', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds the shared inbox state, notes and this console’s read marks', async () => {
    db = createDb();
    await migrateTo(db, '0640-create-inbox');
    const key = '+16175550199|+16175550100';
    db.sqlite.prepare(`INSERT INTO conversation_inbox VALUES (?, 'done', 1000, NULL, 'Maya', 3)`).run(key);
    db.sqlite.prepare(`INSERT INTO conversation_notes VALUES ('n1', ?, 'Call back after 3', 'Maya', 1000, 4)`).run(key);
    db.sqlite.prepare(`INSERT INTO conversation_reads VALUES (?, 1000)`).run(key);
    expect(rows(db, 'conversation_inbox')).toHaveLength(1);
    expect(rows(db, 'conversation_notes')).toHaveLength(1);
    expect(() => db.sqlite.prepare(`INSERT INTO conversation_reads VALUES (?, 2000)`).run(key)).toThrow(/UNIQUE|PRIMARY/);
  });
});
