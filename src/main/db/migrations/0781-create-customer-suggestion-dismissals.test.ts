import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0781-create-customer-suggestion-dismissals', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps one dismissal per customer and suggestion', async () => {
    db = createDb();
    await migrateTo(db, '0781-create-customer-suggestion-dismissals');
    const insert = db.sqlite.prepare(`INSERT INTO customer_suggestion_dismissals VALUES (?, ?, 'Front desk', ?)`);
    insert.run('c1', 'email:maria@example.com', 5);
    insert.run('c2', 'email:maria@example.com', 6);
    expect(() => insert.run('c1', 'email:maria@example.com', 7)).toThrow(/UNIQUE|PRIMARY/);
    expect(rows(db, 'customer_suggestion_dismissals')).toHaveLength(2);
  });
});
