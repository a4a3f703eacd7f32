import type BetterSqlite3 from 'better-sqlite3';
import type { ConsoleDatabase } from '../db/open-console-database';

interface IndexStatements {
  behind: BetterSqlite3.Statement<[], { behind: number }>;
  dropMessages: BetterSqlite3.Statement;
  indexMessages: BetterSqlite3.Statement;
  clearMessages: BetterSqlite3.Statement;
  dropLines: BetterSqlite3.Statement;
  indexLines: BetterSqlite3.Statement;
  clearLines: BetterSqlite3.Statement;
}

const prepared = new WeakMap<BetterSqlite3.Database, IndexStatements>();

function statements(sqlite: BetterSqlite3.Database): IndexStatements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      behind: sqlite.prepare('SELECT EXISTS (SELECT 1 FROM message_search_pending) OR EXISTS (SELECT 1 FROM transcript_search_pending) AS behind'),
      dropMessages: sqlite.prepare('DELETE FROM message_search WHERE rowid IN (SELECT message_rowid FROM message_search_pending)'),
      indexMessages: sqlite.prepare(
        `INSERT INTO message_search (rowid, body) SELECT m.message_rowid, m.body FROM message_search_pending p JOIN messages m ON m.message_rowid = p.message_rowid
         WHERE m.body != '' ORDER BY m.message_rowid`,
      ),
      clearMessages: sqlite.prepare('DELETE FROM message_search_pending'),
      dropLines: sqlite.prepare('DELETE FROM transcript_search WHERE rowid IN (SELECT line_rowid FROM transcript_search_pending)'),
      indexLines: sqlite.prepare(
        `INSERT INTO transcript_search (rowid, text) SELECT t.line_rowid, t.text FROM transcript_search_pending p JOIN transcript_lines t ON t.line_rowid = p.line_rowid
         ORDER BY t.line_rowid`,
      ),
      clearLines: sqlite.prepare('DELETE FROM transcript_search_pending'),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

/**
 * Takes the message bodies and transcript lines the projection wrote since the last
 * search into their FTS5 indexes (migration 0620 queues them), in one transaction, as
 * customer search does (src/main/customers/search-index.ts).
 */
export function bringMessageSearchUpToDate(db: ConsoleDatabase): boolean {
  const s = statements(db.sqlite);
  if (s.behind.get()!.behind === 0) return false;
  db.sqlite.transaction(() => {
    s.dropMessages.run();
    s.indexMessages.run();
    s.clearMessages.run();
    s.dropLines.run();
    s.indexLines.run();
    s.clearLines.run();
  })();
  return true;
}
