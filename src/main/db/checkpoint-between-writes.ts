import type BetterSqlite3 from 'better-sqlite3';

/**
 * Copies the write-ahead log into the database now, between transactions, in a turn of its
 * own: left to the commit that crosses the log's size limit, the copy and its fsyncs land on
 * top of that commit's work. PASSIVE: it never waits for readers, what it cannot copy now is
 * copied next time.
 */
export function checkpointBetweenWrites(sqlite: BetterSqlite3.Database): void {
  if (!sqlite.inTransaction) sqlite.pragma('wal_checkpoint(PASSIVE)');
}
