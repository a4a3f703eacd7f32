import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0790-create-call-assistant-decisions', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps one AI agent decision per call, with what the caller had left (unknown for a stranger)', async () => {
    db = createDb();
    await migrateTo(db, '0790-create-call-assistant-decisions');
    const insert = db.sqlite.prepare('INSERT INTO call_assistant_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('vapi:c1', 'assistant', 'included_time_left', 'cust-1', 7800, null, 'USD', 1767225600000, 5);
    insert.run('vapi:c2', 'refused', 'unknown_caller', null, null, null, null, 1767225600000, 6);
    expect(() => insert.run('vapi:c1', 'refused', 'no_balance', 'cust-1', 0, 0, 'USD', 1767225600000, 7)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('vapi:c3', null, 'no_balance', null, null, null, null, 1, 8)).toThrow(/NOT NULL/);
    expect(rows(db, 'call_assistant_decisions')).toHaveLength(2);
  });
});
