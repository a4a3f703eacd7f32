import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // local_log.newer = 2: an event of a known type and version that failed validation
  // (kept, counted, not an "update" case). The status bar counts them on every status
  // read: an index over the few such rows, never a scan of the whole copy.
  await sql`CREATE INDEX local_log_unreadable ON local_log (seq) WHERE newer = 2`.execute(db);
}
