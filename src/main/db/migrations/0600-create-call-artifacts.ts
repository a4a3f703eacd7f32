import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What a call has beyond the calls row billing reads: who answered, whether it was
  // missed, forwarded or left a voicemail, its summary and next steps, and the status a
  // receptionist reads (derived by the projection, stored so the history can filter on
  // it). A row may come before its call (a summary delivered first): a placeholder the
  // call's own events then fill.
  await db.schema
    .createTable('call_artifacts')
    .addColumn('call_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text')
    .addColumn('missed_at_ms', 'integer')
    .addColumn('forwarded_at_ms', 'integer')
    .addColumn('forwarded_to', 'text')
    .addColumn('has_voicemail', 'integer', (c) => c.notNull())
    .addColumn('voicemail_transcript', 'text')
    .addColumn('summary_json', 'text')
    .addColumn('next_steps_json', 'text')
    .addColumn('transcript_duration_seconds', 'real')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  // A call's transcript, one row per spoken line; replaced whole when delivered again.
  await db.schema
    .createTable('transcript_lines')
    .addColumn('line_rowid', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('speaker_e164', 'text')
    .addColumn('speaker_user_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('start_seconds', 'real', (c) => c.notNull())
    .addColumn('end_seconds', 'real', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX transcript_lines_by_call ON transcript_lines (call_id, line_no)`.execute(db);
}
