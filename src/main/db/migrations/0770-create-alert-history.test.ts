import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0770-create-alert-history', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps each alert raised or cleared at its seq, and each acknowledgement with who made it', async () => {
    db = createDb();
    await migrateTo(db, '0720-create-quickbooks-tax');
    await migrateTo(db, '0770-create-alert-history');
    db.sqlite.prepare(`INSERT INTO alert_history VALUES (5, 'media:a', 'raised', 'warning', 'A photo could not be saved yet.', '["email"]', 1000)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO alert_history VALUES (5, 'media:b', 'raised', 'warning', 'x', '[]', 1000)`).run()).toThrow(/UNIQUE/);
    db.sqlite.prepare(`INSERT INTO alert_acknowledgements VALUES (6, 'media:a', 'Front desk', 2000)`).run();
    db.sqlite.prepare(`INSERT INTO alert_acknowledgements VALUES (7, 'media:a', 'Back office', 3000)`).run();
    expect(rows(db, 'alert_acknowledgements')).toHaveLength(2);
  });
});
