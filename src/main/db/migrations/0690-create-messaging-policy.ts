import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The campaign rule an admin defined (messaging_policy.defined), the latest one; no row: the defaults.
  await db.schema
    .createTable('messaging_policy')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull().check(sql`id = 1`))
    .addColumn('campaign_min_recipients', 'integer', (c) => c.notNull())
    .addColumn('campaign_window_minutes', 'integer', (c) => c.notNull())
    .addColumn('defined_at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
}
