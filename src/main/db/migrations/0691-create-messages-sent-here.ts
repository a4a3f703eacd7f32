import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Texts this console sent (messages.send): local, never projected, so a thread says "You"
  // only for these and the sender's name for texts other consoles sent. Kept across re-projection.
  await db.schema
    .createTable('messages_sent_here')
    .addColumn('message_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('sent_at_ms', 'integer', (c) => c.notNull())
    .execute();
}
