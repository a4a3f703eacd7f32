import type { Kysely } from 'kysely';

// Frozen in time once released: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 15 §4: the business's retention policy as last defined (retention_policy.defined), one row.
  await db.schema
    .createTable('retention_policy')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('days_json', 'text', (c) => c.notNull())
    .addColumn('defined_by', 'text', (c) => c.notNull())
    .addColumn('defined_at_ms', 'integer', (c) => c.notNull())
    .addColumn('defined_seq', 'integer', (c) => c.notNull())
    .execute();
  // Each part of a log.redacted, recorded inside the apply transaction (no network there) and
  // followed outside it: pending → the local copies replaced and the media deleted (replaced)
  // → the projection rebuilt and the file scrubbed (done). A restart resumes at the state kept.
  // Not a projection: a re-projection keeps it, so a part already followed is not followed again.
  await db.schema
    .createTable('privacy_redactions')
    .addColumn('redaction_id', 'text', (c) => c.notNull())
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('event_seq', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('seqs_json', 'text', (c) => c.notNull())
    .addColumn('media_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('recorded_at_ms', 'integer', (c) => c.notNull())
    .addColumn('finished_at_ms', 'integer')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('privacy_redactions_pk', ['redaction_id', 'part'])
    .execute();
  await db.schema.createIndex('privacy_redactions_by_state').on('privacy_redactions').columns(['state', 'event_seq']).execute();
}
