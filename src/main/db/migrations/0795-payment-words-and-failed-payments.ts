import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 13: a payment the billing fold received from a provider says so on the ledger in its
  // own words ("Paid $199.00 by Flutterwave — Growth subscription started"); null: a payment
  // recorded from QuickBooks, shown as "Payment received".
  await db.schema.alterTable('payments').addColumn('description', 'text').execute();
  // Charges that failed (payment.failed), for the customer's ledger: nothing credited or owed.
  await db.schema
    .createTable('failed_payments')
    .addColumn('payment_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('failed_payments_by_customer').on('failed_payments').columns(['customer_id', 'at_ms']).execute();
}
