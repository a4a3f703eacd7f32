import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 13: payment links the relay made with Flutterwave (payment_link.created), for the
  // customer page's list; the link id is the reference its payments carry back.
  await db.schema
    .createTable('payment_links')
    .addColumn('link_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_links_by_customer').on('payment_links').columns(['customer_id', 'created_at_ms']).execute();
  // Every verified payment (payment.received) and every failed charge (payment.failed), keyed
  // by seq: a link shows paid or failed from the outcomes under its reference.
  await db.schema
    .createTable('payment_outcomes')
    .addColumn('seq', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('purpose', 'text')
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('reason', 'text')
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_outcomes_by_reference').on('payment_outcomes').columns(['reference', 'seq']).execute();
  await db.schema.createIndex('payment_outcomes_by_customer').on('payment_outcomes').columns(['customer_id', 'at_ms']).execute();
}
