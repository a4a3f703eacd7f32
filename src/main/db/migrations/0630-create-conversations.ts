import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per conversation (line + the other participants, conversationKey): its
  // newest message for the list, and the flags the list filters on. has_visible: a
  // message that is not a campaign's outgoing one (a conversation without one is hidden
  // from the default list).
  await db.schema
    .createTable('conversations')
    .addColumn('conversation_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('business_e164', 'text', (c) => c.notNull())
    .addColumn('participants_json', 'text', (c) => c.notNull())
    .addColumn('last_message_id', 'text', (c) => c.notNull())
    .addColumn('last_message_at_ms', 'integer', (c) => c.notNull())
    .addColumn('last_preview', 'text', (c) => c.notNull())
    .addColumn('last_direction', 'text', (c) => c.notNull())
    .addColumn('last_incoming_at_ms', 'integer')
    .addColumn('has_visible', 'integer', (c) => c.notNull())
    .addColumn('has_campaign', 'integer', (c) => c.notNull())
    .addColumn('has_response', 'integer', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX conversations_by_last_message ON conversations (last_message_at_ms, conversation_key)`.execute(db);
  // Who is in each conversation: customers are linked at read time through any of their
  // numbers (customer_phones), like calls, so a customer who adds a number, or a new
  // customer, owns the thread at once; a group thread links everyone in it.
  await db.schema
    .createTable('conversation_participants')
    .addColumn('conversation_key', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_participants_pk', ['conversation_key', 'phone_e164'])
    .execute();
  await sql`CREATE INDEX conversation_participants_by_phone ON conversation_participants (phone_e164)`.execute(db);
}
