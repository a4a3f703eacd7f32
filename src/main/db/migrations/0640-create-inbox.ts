import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The shared inbox (console events): open or done, snoozed until, assigned to. A row may
  // come before the conversation's first message.
  await db.schema
    .createTable('conversation_inbox')
    .addColumn('conversation_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_at_ms', 'integer', (c) => c.notNull())
    .addColumn('snoozed_until_ms', 'integer')
    .addColumn('assignee', 'text')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('conversation_notes')
    .addColumn('note_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('conversation_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX conversation_notes_by_conversation ON conversation_notes (conversation_key, seq)`.execute(db);
  // This console's own read marks: not a projection of the log (unread is per console),
  // so a re-projection keeps them.
  await db.schema
    .createTable('conversation_reads')
    .addColumn('conversation_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('read_through_ms', 'integer', (c) => c.notNull())
    .execute();
}
