import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per message (merged by message_id: a later status wins, content kept).
  // message_rowid is the stable integer key of the full-text index.
  await db.schema
    .createTable('messages')
    .addColumn('message_rowid', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('conversation_key', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('business_e164', 'text', (c) => c.notNull())
    .addColumn('from_e164', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('sent_at_ms', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('provider_campaign_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('campaign_response', 'integer', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  // A thread newest first; the feed newest first; the campaign rule's look-up of the same
  // text on the same line near in time; a campaign's members.
  await sql`CREATE INDEX messages_by_conversation ON messages (conversation_key, sent_at_ms, message_id)`.execute(db);
  await sql`CREATE INDEX messages_by_sent ON messages (sent_at_ms, message_id)`.execute(db);
  await sql`CREATE INDEX messages_by_outgoing_text ON messages (business_e164, body, sent_at_ms) WHERE direction = 'outgoing'`.execute(db);
  await sql`CREATE INDEX messages_by_campaign ON messages (campaign_id) WHERE campaign_id IS NOT NULL`.execute(db);

  // Full-text search over message bodies and transcript lines, like customer search
  // (migration 0400): trigram FTS5, fed from queues the triggers write (a B-tree insert
  // each), taken into the index in bulk before a search reads it.
  await sql`CREATE VIRTUAL TABLE message_search USING fts5(body, tokenize = 'trigram remove_diacritics 1')`.execute(db);
  await sql`CREATE VIRTUAL TABLE transcript_search USING fts5(text, tokenize = 'trigram remove_diacritics 1')`.execute(db);
  await db.schema.createTable('message_search_pending').addColumn('message_rowid', 'integer', (c) => c.primaryKey().notNull()).execute();
  await db.schema.createTable('transcript_search_pending').addColumn('line_rowid', 'integer', (c) => c.primaryKey().notNull()).execute();
  const queue = (table: string, column: string, key: string) =>
    `INSERT INTO ${table} (${column}) SELECT ${key} WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${column} = ${key})`;
  const m = (key: string) => queue('message_search_pending', 'message_rowid', key);
  const t = (key: string) => queue('transcript_search_pending', 'line_rowid', key);
  await sql.raw(`CREATE TRIGGER message_search_on_insert AFTER INSERT ON messages BEGIN ${m('new.message_rowid')}; END`).execute(db);
  await sql.raw(`CREATE TRIGGER message_search_on_update AFTER UPDATE OF body ON messages WHEN old.body IS NOT new.body BEGIN ${m('new.message_rowid')}; END`).execute(db);
  await sql.raw(`CREATE TRIGGER message_search_on_delete AFTER DELETE ON messages BEGIN ${m('old.message_rowid')}; END`).execute(db);
  await sql.raw(`CREATE TRIGGER transcript_search_on_insert AFTER INSERT ON transcript_lines BEGIN ${t('new.line_rowid')}; END`).execute(db);
  await sql.raw(`CREATE TRIGGER transcript_search_on_delete AFTER DELETE ON transcript_lines BEGIN ${t('old.line_rowid')}; END`).execute(db);
}
