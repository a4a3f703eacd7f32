import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('clock_ms', 'integer')
    // null: the default catalog (no plan, the default rate card and policy).
    .addColumn('catalog_json', 'text')
    .execute();
  await db.insertInto('billing_state').values({ id: 1, clock_ms: null, catalog_json: null }).execute();
  await db.schema
    .createTable('billing_accounts')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('subscription_id', 'text')
    .addColumn('state_json', 'text', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billing_accounts_by_subscription').on('billing_accounts').column('subscription_id').execute();
  // Billing is a fold over the whole log: a database projected before billing existed replays it from the start.
  await sql`UPDATE projection_state SET applied_seq = 0`.execute(db);
}
