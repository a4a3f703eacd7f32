import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type Migration } from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';

/**
 * The console's SQLite database. `kysely` is the typed way in; `sqlite` is the same
 * connection, for the projection's hot path (prepared statements in synchronous
 * transactions, which a catch-up of 100,000 events needs).
 */
export interface ConsoleDatabase {
  kysely: Kysely<Database>;
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Hands the explicit migration list to kysely's Migrator (no folder scan). */
export class ExplicitMigrationProvider implements MigrationProvider {
  constructor(private readonly list: Record<string, Migration>) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return this.list;
  }
}

// Migrations run against Kysely<any> (see migrations/index.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createMigrator(db: Kysely<any>, list: Record<string, Migration> = migrations): Migrator {
  return new Migrator({ db, provider: new ExplicitMigrationProvider(list) });
}

/** Opens without migrating; for migration tests and for openConsoleDatabase. */
export function connectConsoleDatabase(path: string): ConsoleDatabase {
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // The log on the relay is the durable copy; a lost last commit is replayed.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // 64 MiB of page cache: a catch-up inserts into indexes keyed by phone number, all
  // over a table of a million calls; the default 2 MiB turns that into disk reads.
  sqlite.pragma('cache_size = -65536');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kysely,
    sqlite,
    // Kysely's destroy closes the better-sqlite3 connection it was given.
    close: () => kysely.destroy(),
  };
}

/** Opens (creating if needed) the console database at `path` and brings it to the latest schema. */
export async function openConsoleDatabase(path: string): Promise<ConsoleDatabase> {
  const db = connectConsoleDatabase(path);
  const { error, results } = await createMigrator(db.kysely).migrateToLatest();
  if (error) {
    await db.close();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`console database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return db;
}
