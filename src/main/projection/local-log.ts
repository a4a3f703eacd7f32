import type BetterSqlite3 from 'better-sqlite3';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { LocalLogStateTable, LocalLogTable } from '../db/schema';

/**
 * The console's own copy of the log (table local_log): every event received, as
 * received, whether or not this version understands it, written in the same
 * transaction as what the projection made of it. A re-projection reads it back
 * instead of downloading the log again.
 */
export interface LocalLogStatements {
  keep: BetterSqlite3.Statement<LocalLogTable>;
  head: BetterSqlite3.Statement<[], { seq: number | null }>;
  readAfter: BetterSqlite3.Statement<[number, number], Pick<LocalLogTable, 'seq' | 'json' | 'newer'>>;
  count: BetterSqlite3.Statement<[], { total: number }>;
  markUnderstood: BetterSqlite3.Statement<[number]>;
  markUnreadable: BetterSqlite3.Statement<[number]>;
  anyNewer: BetterSqlite3.Statement<[], { found: number }>;
  countUnreadable: BetterSqlite3.Statement<[], { total: number }>;
  readUnread: BetterSqlite3.Statement<[], Pick<LocalLogTable, 'seq' | 'json' | 'newer'>>;
  readState: BetterSqlite3.Statement<[], Pick<LocalLogStateTable, 'projection_version' | 'kept_from_seq'>>;
  writeVersion: BetterSqlite3.Statement<[number]>;
  restart: BetterSqlite3.Statement;
  forget: BetterSqlite3.Statement;
  forgetAfter: BetterSqlite3.Statement<[number]>;
  readEpoch: BetterSqlite3.Statement<[], Pick<LocalLogStateTable, 'relay_log_epoch'>>;
  writeEpoch: BetterSqlite3.Statement<[string | null]>;
  readTail: BetterSqlite3.Statement<[number], Pick<LocalLogTable, 'seq' | 'json'>>;
}

/**
 * local_log.newer: how this console read the event it kept. `newer`: from a newer
 * Ringside (a higher `v`, an unknown type), so an update will show it; `unreadable`:
 * a known type at a known version that fails validation, which no update fixes.
 */
export const KEPT = { read: 0, newer: 1, unreadable: 2 } as const;

const cache = new WeakMap<ConsoleDatabase, LocalLogStatements>();

export function localLogStatements(db: ConsoleDatabase): LocalLogStatements {
  const cached = cache.get(db);
  if (cached) return cached;
  const s = db.sqlite;
  const statements: LocalLogStatements = {
    // A seq is kept once: a replay overlap or a retried batch brings the same event again.
    keep: s.prepare('INSERT OR IGNORE INTO local_log (seq, json, newer) VALUES (@seq, @json, @newer)'),
    head: s.prepare('SELECT MAX(seq) AS seq FROM local_log'),
    readAfter: s.prepare('SELECT seq, json, newer FROM local_log WHERE seq > ? ORDER BY seq LIMIT ?'),
    count: s.prepare('SELECT COUNT(*) AS total FROM local_log'),
    markUnderstood: s.prepare(`UPDATE local_log SET newer = ${KEPT.read} WHERE seq = ? AND newer <> ${KEPT.read}`),
    // An older console flagged every event it could not read as newer; this one tells the malformed apart.
    markUnreadable: s.prepare(`UPDATE local_log SET newer = ${KEPT.unreadable} WHERE seq = ? AND newer = ${KEPT.newer}`),
    anyNewer: s.prepare(`SELECT EXISTS (SELECT 1 FROM local_log WHERE newer = ${KEPT.newer}) AS found`),
    countUnreadable: s.prepare(`SELECT COUNT(*) AS total FROM local_log WHERE newer = ${KEPT.unreadable}`),
    // Events kept unread are rare (one per type a newer Ringside added, the odd malformed one): read them all at start.
    readUnread: s.prepare(`SELECT seq, json, newer FROM local_log WHERE newer = ${KEPT.newer} UNION ALL SELECT seq, json, newer FROM local_log WHERE newer = ${KEPT.unreadable} ORDER BY seq`),
    readState: s.prepare('SELECT projection_version, kept_from_seq FROM local_log_state WHERE id = 1'),
    writeVersion: s.prepare('UPDATE local_log_state SET projection_version = ? WHERE id = 1'),
    // The copy starts over at seq 0 (the log is downloaded again into it).
    restart: s.prepare('UPDATE local_log_state SET kept_from_seq = 0 WHERE id = 1'),
    forget: s.prepare('DELETE FROM local_log'),
    forgetAfter: s.prepare<[number]>('DELETE FROM local_log WHERE seq > ?'),
    readEpoch: s.prepare('SELECT relay_log_epoch FROM local_log_state WHERE id = 1'),
    writeEpoch: s.prepare<[string | null]>('UPDATE local_log_state SET relay_log_epoch = ? WHERE id = 1'),
    readTail: s.prepare('SELECT seq, json FROM local_log WHERE seq > ? ORDER BY seq'),
  };
  cache.set(db, statements);
  return statements;
}

/** The last seq kept (0 when none). */
export function keptHead(db: ConsoleDatabase): number {
  return localLogStatements(db).head.get()?.seq ?? 0;
}

/** Whether an event newer than this console understands has been received (and kept). */
export function newerEventsSeen(db: ConsoleDatabase): boolean {
  return localLogStatements(db).anyNewer.get()?.found === 1;
}

/** How many events were received malformed (a known type and version that fails validation): kept, shown nowhere. */
export function unreadableEventCount(db: ConsoleDatabase): number {
  return localLogStatements(db).countUnreadable.get()?.total ?? 0;
}

/** The relay log's epoch the copy is of (migration 0820); null until a relay named one. */
export function relayLogEpoch(db: ConsoleDatabase): string | null {
  return localLogStatements(db).readEpoch.get()?.relay_log_epoch ?? null;
}

export function rememberRelayLogEpoch(db: ConsoleDatabase, epoch: string): void {
  localLogStatements(db).writeEpoch.run(epoch);
}
