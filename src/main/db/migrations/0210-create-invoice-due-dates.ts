import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The due date QuickBooks gives each invoice (invoice.balance_changed), for the caller card's
  // "overdue"; written in the apply transaction beside the billing projection (src/main/card).
  await db.schema
    .createTable('invoice_due_dates')
    .addColumn('invoice_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .execute();
}
