import type { RelayDatabase } from '../database';

/**
 * Leaves no old bytes of rewritten rows in relay.db or relay.db-wal: VACUUM writes the database
 * anew (no free pages keep what was deleted; secure_delete zeroed them meanwhile), and a TRUNCATE
 * checkpoint copies the WAL back and cuts it to nothing. The checkpoint waits for readers (the
 * log's checkpointer, the device CLI) between tries; it says so if it never got through.
 */
export async function scrubDatabaseFiles(db: RelayDatabase, wait: (ms: number) => Promise<void>): Promise<void> {
  db.exec('VACUUM');
  for (let attempt = 0; attempt < 50; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (result !== undefined && result.busy === 0) return;
    await wait(100);
  }
  throw new Error('the database could not be checkpointed: another program keeps it open');
}

/** Overwrites what a delete or update frees with zeros, for this connection, until turned off again. */
export function secureDelete(db: RelayDatabase, on: boolean): void {
  db.pragma(`secure_delete = ${on ? 'ON' : 'OFF'}`);
}
