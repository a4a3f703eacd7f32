import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Notes on calls (call.note_added), newest last on each call.
  await db.schema
    .createTable('call_notes')
    .addColumn('note_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_notes_by_call').on('call_notes').columns(['call_id', 'seq']).execute();

  // A call's disposition (call.disposition_set); a later one replaces it.
  await db.schema
    .createTable('call_dispositions')
    .addColumn('call_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();

  // The callback queue: one entry per caller waiting for a call back (all their missed calls since).
  await db.schema
    .createTable('callback_entries')
    .addColumn('entry_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addColumn('business_e164', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('first_started_at_ms', 'integer', (c) => c.notNull())
    .addColumn('last_missed_at_ms', 'integer', (c) => c.notNull())
    .addColumn('last_call_id', 'text', (c) => c.notNull())
    .addColumn('missed_count', 'integer', (c) => c.notNull())
    .addColumn('has_voicemail', 'integer', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at_ms', 'integer')
    .addColumn('closed_reason', 'text')
    .addColumn('closed_note', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('closed_at_ms', 'integer')
    .addColumn('closing_call_id', 'text')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  // At most one open entry per caller.
  await sql`CREATE UNIQUE INDEX callback_entries_open_by_phone ON callback_entries (phone_e164) WHERE state = 'open'`.execute(db);
  await db.schema.createIndex('callback_entries_by_state').on('callback_entries').columns(['state', 'last_missed_at_ms']).execute();

  // Each missed call in the queue, and the entry it belongs to.
  await db.schema
    .createTable('callback_calls')
    .addColumn('call_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('started_at_ms', 'integer', (c) => c.notNull())
    .addColumn('voicemail', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('callback_calls_by_entry').on('callback_calls').column('entry_id').execute();

  // What customer.upserted carries beyond the customers row: further emails, the QuickBooks link.
  await db.schema
    .createTable('customer_details')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('emails_json', 'text', (c) => c.notNull())
    .addColumn('quickbooks_id', 'text')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
}
