import type { Compilable } from 'kysely';
import type { ConsoleDatabase } from './open-console-database';

/**
 * A query built with kysely's typed builder (table and column names checked against
 * db/schema.ts, the row type inferred), run at once on the same better-sqlite3 connection.
 * kysely's own execute() is asynchronous; code that must answer synchronously (a status
 * read, a step inside a SQLite transaction) compiles the query and runs it here.
 */

export function allNow<Row>(db: ConsoleDatabase, query: Compilable<Row>): Row[] {
  const { sql, parameters } = query.compile();
  return db.sqlite.prepare(sql).all(...parameters) as Row[];
}

export function firstNow<Row>(db: ConsoleDatabase, query: Compilable<Row>): Row | undefined {
  const { sql, parameters } = query.compile();
  return db.sqlite.prepare(sql).get(...parameters) as Row | undefined;
}

/** An insert, update or delete; answers what better-sqlite3 reports. */
export function runNow(db: ConsoleDatabase, query: Compilable<unknown>): { changes: number; lastInsertRowid: number | bigint } {
  const { sql, parameters } = query.compile();
  return db.sqlite.prepare(sql).run(...parameters);
}
