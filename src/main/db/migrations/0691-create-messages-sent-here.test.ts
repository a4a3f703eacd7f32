import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0691-create-messages-sent-here', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('remembers each text this console sent once', async () => {
    db = createDb();
    await migrateTo(db, '0691-create-messages-sent-here');
    db.sqlite.prepare(`INSERT INTO messages_sent_here VALUES ('openphone:M1', 1000)`).run();
    expect(rows(db, 'messages_sent_here')).toHaveLength(1);
    expect(() => db.sqlite.prepare(`INSERT INTO messages_sent_here VALUES ('openphone:M1', 2000)`).run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
