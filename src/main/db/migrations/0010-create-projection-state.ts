import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead. Kysely<any>, not
// the app's Database type, so a later schema change cannot alter what this migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projection_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull().check(sql`id = 1`))
    .addColumn('applied_seq', 'integer', (c) => c.notNull())
    .addColumn('last_event_at_ms', 'integer')
    .execute();
  await db.insertInto('projection_state').values({ id: 1, applied_seq: 0, last_event_at_ms: null }).execute();
}
