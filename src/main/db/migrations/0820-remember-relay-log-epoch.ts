import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 16 §4: the epoch of the relay's log this console's copy is of, as the relay said when
  // the stream opened; named when the stream resumes, so a relay restored from an older backup
  // refuses a copy that goes past it instead of streaming other events under the same seqs.
  // Null: never told (a relay before epochs, or never connected).
  await sql`ALTER TABLE local_log_state ADD COLUMN relay_log_epoch TEXT`.execute(db);
}
