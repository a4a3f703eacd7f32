import { connectConsoleDatabase, createMigrator, type ConsoleDatabase } from '../../src/main/db/open-console-database';

/** A fresh in-memory database with no migrations run. */
export function createDb(): ConsoleDatabase {
  return connectConsoleDatabase(':memory:');
}

/** Runs migrations up to and including `name`; fails loudly. */
export async function migrateTo(db: ConsoleDatabase, name: string): Promise<void> {
  const { error } = await createMigrator(db.kysely).migrateTo(name);
  if (error) throw error;
}

export function rows(db: ConsoleDatabase, table: string): Record<string, unknown>[] {
  return db.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
}

export function tableNames(db: ConsoleDatabase): string[] {
  return (
    db.sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name);
}

export function indexNames(db: ConsoleDatabase, table: string): string[] {
  return (db.sqlite.prepare(`PRAGMA index_list(${table})`).all() as { name: string }[]).map((r) => r.name).sort();
}
