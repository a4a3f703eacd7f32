import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead. Kysely<any>, not
// the app's Database type, so a later schema change cannot alter what this migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('included_seconds', 'integer', (c) => c.notNull())
    .addColumn('price_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
}
