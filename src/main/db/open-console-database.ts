import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type Migration } from 'kysely';
import { stopBackgroundCheckpoints } from './background-checkpoint';
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

// Migrations run against Kysely<any> (see migrations/index.ts). Unordered: parts of the
// schema are numbered in ranges given out ahead (0690–0699 for the inbox's policy…), so a
// database built by an earlier version may lack one numbered before its newest; it is run,
// not refused.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createMigrator(db: Kysely<any>, list: Record<string, Migration> = migrations): Migrator {
  return new Migrator({ db, provider: new ExplicitMigrationProvider(list), allowUnorderedMigrations: true });
}

/** Opens without migrating; for migration tests and for openConsoleDatabase. */
export function connectConsoleDatabase(path: string): ConsoleDatabase {
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // The console database is a projection of the relay's log: every table is rebuilt by
  // replaying it, and applied_seq commits in the same transaction as what it applied. In
  // WAL mode NORMAL never corrupts the database (a commit is atomic; only its fsync waits
  // for the next checkpoint), so a power cut can lose at most the last transactions, and
  // their applied_seq with them: the console asks the relay for those events again.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // 256 MiB of page cache (a limit, filled only as the database grows): a catch-up inserts
  // into indexes keyed by phone number and by customer, all over tables of a million calls
  // and charges; at 64 MiB a full rebuild spends a third more CPU fetching pages again.
  sqlite.pragma('cache_size = -262144');
  // Reads (the card, history, billing pages) go straight to the OS's copy of the file.
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('temp_store = MEMORY');
  // A checkpoint every 64 MiB of WAL rather than every 4 MiB: a catch-up batch dirties
  // ~36 MiB of index pages, and the same hot pages are copied to the database once per
  // checkpoint, not once per batch. The file is cut back to 64 MiB after each checkpoint.
  sqlite.pragma('wal_autocheckpoint = 16384');
  sqlite.pragma('journal_size_limit = 67108864');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kysely,
    sqlite,
    // Kysely's destroy closes the better-sqlite3 connection it was given; the checkpointer's own one closes first.
    close: async () => {
      await stopBackgroundCheckpoints(sqlite);
      await kysely.destroy();
    },
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
