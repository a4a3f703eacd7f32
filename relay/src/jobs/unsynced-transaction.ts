import type { RelayDatabase } from '../database';

/**
 * Runs `write` in one transaction committed without an fsync on the event loop (synchronous
 * NORMAL, as the event log commits; the log's next sync makes it durable). For the jobs' own
 * rows only: each is derived from the log with the cursor it is written beside, so a commit lost
 * in a crash is derived again from the log at start, never lost or done twice. The connection
 * stays FULL for every other writer.
 */
export function unsyncedTransaction(db: RelayDatabase): (write: () => void) => void {
  // SQLite applies PRAGMA synchronous when such a statement is prepared as well as when it runs: FULL is prepared last.
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  const full = db.prepare('PRAGMA synchronous = FULL');
  return (write) => {
    normal.run();
    try {
      db.transaction(write)();
    } finally {
      full.run();
    }
  };
}
