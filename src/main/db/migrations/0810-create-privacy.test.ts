import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0810-create-privacy', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps one retention policy and one row per part of a redaction, found by state', async () => {
    db = createDb();
    await migrateTo(db, '0810-create-privacy');
    db.sqlite.prepare(`INSERT INTO retention_policy VALUES (1, '{"recordings":90}', 'Owner', 1000, 7)`).run();
    expect(() => db.sqlite.prepare(`INSERT INTO retention_policy VALUES (1, '{}', 'Owner', 2000, 8)`).run()).toThrow(/UNIQUE|PRIMARY/);
    const part = db.sqlite.prepare(`INSERT INTO privacy_redactions VALUES (?, ?, ?, 'erasure', 'c1', '[3,4]', '[]', 'pending', 1000, NULL, NULL)`);
    part.run('r1', 1, 10);
    part.run('r1', 2, 11);
    expect(() => part.run('r1', 2, 12)).toThrow(/UNIQUE|PRIMARY/);
    expect(rows(db, 'privacy_redactions')).toHaveLength(2);
    expect(indexNames(db, 'privacy_redactions')).toContain('privacy_redactions_by_state');
  });
});
