import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invoices')
    .addColumn('invoice_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('subtotal_minor', 'integer', (c) => c.notNull())
    .addColumn('tax_minor', 'integer', (c) => c.notNull())
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('balance_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('quickbooks_id', 'text')
    .addColumn('doc_number', 'text')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoices_by_status').on('invoices').columns(['status', 'issue_date']).execute();
  await db.schema.createIndex('invoices_by_customer').on('invoices').columns(['customer_id', 'issue_date']).execute();
  await db.schema.createIndex('invoices_by_quickbooks_id').on('invoices').column('quickbooks_id').execute();
  await db.schema
    .createTable('invoice_lines')
    .addColumn('invoice_key', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_price_minor', 'integer', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('tax_basis_points', 'integer', (c) => c.notNull())
    .addColumn('tax_minor', 'integer', (c) => c.notNull())
    .addColumn('charge_id', 'text')
    .addPrimaryKeyConstraint('invoice_lines_pk', ['invoice_key', 'line_no'])
    .execute();
}
