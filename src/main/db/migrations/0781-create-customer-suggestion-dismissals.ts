import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 12: enrichment suggestions someone turned down (customer.suggestion_dismissed),
  // never proposed again for that customer on any console.
  await db.schema
    .createTable('customer_suggestion_dismissals')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('suggestion_key', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_suggestion_dismissals_pk', ['customer_id', 'suggestion_key'])
    .execute();
}
