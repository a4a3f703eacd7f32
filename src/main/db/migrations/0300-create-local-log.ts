import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The console's own copy of every event it received, as received (raw payload included),
  // whether or not this version understands it: a later version re-projects from it.
  await db.schema
    .createTable('local_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    // 1: newer than the version that stored it (a higher `v`, an unknown type): kept, shown nowhere.
    .addColumn('newer', 'integer', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX local_log_newer ON local_log (seq) WHERE newer = 1`.execute(db);
  await db.schema
    .createTable('local_log_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
    // The projection version the tables were built by; null: before projection versions existed.
    .addColumn('projection_version', 'integer')
    // The local copy holds every event after this seq: a database projected before the copy
    // existed starts it where it stood, and must download the log again to re-project.
    .addColumn('kept_from_seq', 'integer', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO local_log_state (id, projection_version, kept_from_seq) SELECT 1, NULL, applied_seq FROM projection_state WHERE id = 1`.execute(db);
}
