import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableNames } from '../../../tests/support/migration-test-support';
import { openConsoleDatabase, type ConsoleDatabase } from './open-console-database';
import { databaseColumns, ftsTables, type ColumnSpec } from './schema';

interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
}

describe('schema.ts matches the migrated database', () => {
  let db: ConsoleDatabase;
  beforeAll(async () => {
    db = await openConsoleDatabase(':memory:');
  });
  afterAll(() => db.close());

  it('declares exactly the tables the migrations create', () => {
    const fts = Object.keys(ftsTables);
    const shadows = ['data', 'idx', 'content', 'docsize', 'config'];
    const isFts = (name: string) => fts.some((table) => name === table || shadows.some((shadow) => name === `${table}_${shadow}`));
    expect(tableNames(db).filter((name) => !isFts(name))).toEqual(Object.keys(databaseColumns).sort());
    expect(tableNames(db).filter((name) => fts.includes(name))).toEqual(fts.sort());
  });

  for (const [table, columns] of Object.entries(ftsTables)) {
    it(`declares the columns of the full-text table ${table}`, () => {
      expect((db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as TableInfoRow[]).map((c) => c.name)).toEqual(columns);
    });
  }

  for (const [table, columns] of Object.entries(databaseColumns)) {
    it(`declares every column of ${table} with its type and nullability`, () => {
      const actual = Object.fromEntries(
        (db.sqlite.prepare(`PRAGMA table_info(${table})`).all() as TableInfoRow[]).map((c): [string, ColumnSpec] => [
          c.name,
          { type: c.type.toUpperCase() as ColumnSpec['type'], nullable: c.notnull === 0 },
        ]),
      );
      expect(actual).toEqual(columns);
    });
  }
});
