import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0050-create-calls', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds calls with the indexes the caller card and the live view read', async () => {
    db = createDb();
    await migrateTo(db, '0040-create-subscriptions');
    db.sqlite.prepare(`INSERT INTO subscriptions VALUES ('s1', 'c1', 'p1', '2026-01-15', 5)`).run();

    await migrateTo(db, '0050-create-calls');

    expect(rows(db, 'subscriptions')).toHaveLength(1);
    db.sqlite
      .prepare(`INSERT INTO calls VALUES ('call1', 'incoming', '+16175550100', '+16175550199', 1000, NULL, NULL, NULL, 'ringing', 6)`)
      .run();
    expect(rows(db, 'calls')).toHaveLength(1);
    expect(indexNames(db, 'calls')).toEqual(expect.arrayContaining(['calls_by_external_started', 'calls_by_started']));
  });

  it('finds the live calls through the start-time index', async () => {
    db = createDb();
    await migrateTo(db, '0050-create-calls');
    const plan = db.sqlite
      .prepare(`EXPLAIN QUERY PLAN SELECT call_id FROM calls WHERE started_at_ms >= 0 AND (status = 'ringing' OR completed_at_ms >= 0)`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('calls_by_started');
  });
});
