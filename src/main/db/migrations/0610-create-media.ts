import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Every piece of provider media a call or message names (recording, voicemail, MMS
  // attachment), with the provider's (expiring) link as the fallback.
  await db.schema
    .createTable('media_items')
    .addColumn('media_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('duration_seconds', 'real')
    .execute();
  await sql`CREATE INDEX media_items_by_owner ON media_items (owner_id, kind, position)`.execute(db);
  // What the relay captured of a mediaId (media.captured), in whatever order it came.
  await db.schema
    .createTable('media_captures')
    .addColumn('media_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .execute();
}
