import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead. Kysely<any>, not
// the app's Database type, so a later schema change cannot alter what this migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('subscription_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('started_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscriptions_by_customer')
    .on('subscriptions')
    .columns(['customer_id', 'start_date'])
    .execute();
}
