import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead. Kysely<any>, not
// the app's Database type, so a later schema change cannot alter what this migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calls')
    .addColumn('call_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('external_e164', 'text', (c) => c.notNull())
    .addColumn('business_e164', 'text', (c) => c.notNull())
    .addColumn('started_at_ms', 'integer', (c) => c.notNull())
    .addColumn('answered_at_ms', 'integer')
    .addColumn('completed_at_ms', 'integer')
    .addColumn('duration_seconds', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  // The caller card: a number's calls in a period, and its latest calls.
  await db.schema
    .createIndex('calls_by_external_started')
    .on('calls')
    .columns(['external_e164', 'started_at_ms'])
    .execute();
  // Call history newest first, and the live view (calls of the last hours). Kept to
  // these two: every index costs a random write per call on catch-up.
  await db.schema.createIndex('calls_by_started').on('calls').column('started_at_ms').execute();
}
