import type { ConsoleDatabase } from '../db/open-console-database';
import { bringSearchIndexUpToDate } from '../customers/search-index';
import { bringMessageSearchUpToDate } from '../communications/message-search-index';

/**
 * After a redaction's rebuild, leaves no byte of the erased content in the database's
 * files: rows deleted or rewritten still sit in freed pages, in the FTS5 indexes'
 * segments (which keep their own copy of every token until merged), in the number keys
 * customer search never deletes, and in the write-ahead log. So: the search indexes are
 * brought up to date, number keys of numbers no customer has any more are dropped, every
 * FTS5 index is rebuilt from its content, the file is rewritten (VACUUM, with
 * secure_delete on so freed pages are zeroed) and the WAL is checkpointed and truncated.
 */
export function scrubConsoleDatabase(db: ConsoleDatabase): void {
  const s = db.sqlite;
  s.pragma('secure_delete = ON');
  bringSearchIndexUpToDate(db);
  bringMessageSearchUpToDate(db);
  s.transaction(() => {
    const gone = `SELECT k.search_rowid FROM phone_search_keys k
      WHERE NOT EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = k.customer_id AND p.phone_e164 = k.phone_e164)`;
    s.prepare(`DELETE FROM phone_search WHERE rowid IN (${gone})`).run();
    s.prepare(`DELETE FROM phone_search_keys WHERE search_rowid IN (${gone})`).run();
    for (const table of fullTextTables(db)) {
      try {
        s.prepare(`INSERT INTO "${table}" ("${table}") VALUES ('rebuild')`).run();
      } catch {
        // A contentless index cannot be rebuilt; merging it whole drops the deleted tokens.
        s.prepare(`INSERT INTO "${table}" ("${table}") VALUES ('optimize')`).run();
      }
    }
  })();
  s.exec('VACUUM');
  s.pragma('wal_checkpoint(TRUNCATE)');
}

/** Every FTS5 table of the database, whoever made it (jobs may add their own). */
function fullTextTables(db: ConsoleDatabase): string[] {
  const rows = db.sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name").all();
  return rows.map((row) => row.name);
}
