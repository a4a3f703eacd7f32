import type { Kysely } from 'kysely';

// Frozen in time once released: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 15 §3: jobs as the shared fold (src/shared/jobs/job-fold.ts) leaves them, one row each
  // with its details; the board reads (stage, position), the calendar scheduled_start_ms.
  await db.schema
    .createTable('jobs')
    .addColumn('job_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('position', 'real', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('scheduled_start', 'text')
    .addColumn('scheduled_end', 'text')
    .addColumn('scheduled_start_ms', 'integer')
    .addColumn('description', 'text')
    .addColumn('price_minor', 'integer')
    .addColumn('currency', 'text')
    .addColumn('urgency', 'text')
    .addColumn('extraction_id', 'text')
    .addColumn('appointment_index', 'integer')
    .addColumn('call_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('created_by', 'text')
    // Details a person set (JSON array of keys): a later extraction leaves them alone.
    .addColumn('person_set_json', 'text', (c) => c.notNull())
    // MMS media ids of the thread the job came from (JSON array).
    .addColumn('media_ids_json', 'text', (c) => c.notNull())
    .addColumn('unreviewed', 'integer', (c) => c.notNull())
    .addColumn('photo_count', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .addColumn('updated_at_ms', 'integer', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_by_stage').on('jobs').columns(['stage', 'position']).execute();
  await db.schema.createIndex('jobs_by_start').on('jobs').columns(['scheduled_start_ms']).execute();
  await db.schema.createIndex('jobs_by_call').on('jobs').columns(['call_id']).execute();
  await db.schema.createIndex('jobs_by_customer').on('jobs').columns(['customer_id']).execute();
  await db.schema.createIndex('jobs_by_extraction').on('jobs').columns(['extraction_id', 'appointment_index']).execute();
  // What the extractor proposed per field, with its confidence and the words it came from.
  await db.schema
    .createTable('job_proposals')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_proposals_pk', ['job_id', 'field'])
    .execute();
  // A person's answer per field (what was proposed, what was chosen): the extractor's accuracy.
  await db.schema
    .createTable('job_reviews')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('proposed', 'text')
    .addColumn('chosen', 'text')
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_reviews_pk', ['job_id', 'field'])
    .execute();
  await db.schema.createIndex('job_reviews_by_field').on('job_reviews').columns(['field', 'decision']).execute();
  await db.schema
    .createTable('job_notes')
    .addColumn('note_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_notes_by_job').on('job_notes').columns(['job_id', 'seq']).execute();
  await db.schema
    .createTable('job_photos')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_photos_pk', ['job_id', 'sha256'])
    .execute();
  // What happened to each job, for its page (words written at read time, with the stage names of the day).
  await db.schema
    .createTable('job_history')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('happening_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_history_pk', ['job_id', 'seq'])
    .execute();
  // The names people see for the fixed stage keys (job_stages.named); none: the defaults.
  await db.schema
    .createTable('job_stage_names')
    .addColumn('stage', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('named_by', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  // Each extraction as last recorded (the link from a call, voicemail or thread to its jobs).
  await db.schema
    .createTable('job_extractions')
    .addColumn('extraction_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('extractor', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('appointment_count', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_extractions_by_call').on('job_extractions').columns(['call_id']).execute();
}
