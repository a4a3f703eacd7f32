import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What the connected company is (issue 11 §1): its country, tax preferences, custom transaction
  // numbers, default terms and TaxCodes, read from QuickBooks at connect and at each sync start.
  // Sync state of this console, not a projection of the log.
  await db.schema
    .createTable('quickbooks_company_profile')
    .addColumn('realm_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('profile_json', 'text', (c) => c.notNull())
    .addColumn('read_at_ms', 'integer', (c) => c.notNull())
    .execute();
  // QuickBooks' TotalAmt of each invoice as created, kept by the outbox until invoice.synced carries it.
  await db.schema
    .createTable('quickbooks_pushed_totals')
    .addColumn('invoice_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('quickbooks_total_minor', 'integer', (c) => c.notNull())
    .execute();
  // Projections of the log: the tax mapping per realm (quickbooks.tax_mapping_defined, the latest
  // replaces the earlier), and QuickBooks' own total of each synced invoice (invoice.synced).
  await db.schema
    .createTable('quickbooks_tax_mapping')
    .addColumn('realm_id', 'text', (c) => c.notNull())
    .addColumn('tax_basis_points', 'integer', (c) => c.notNull())
    .addColumn('tax_code_id', 'text', (c) => c.notNull())
    .addColumn('defined_by', 'text', (c) => c.notNull())
    .addColumn('defined_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quickbooks_tax_mapping_pk', ['realm_id', 'tax_basis_points'])
    .execute();
  await db.schema
    .createTable('quickbooks_invoice_totals')
    .addColumn('invoice_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('quickbooks_total_minor', 'integer', (c) => c.notNull())
    .addColumn('synced_seq', 'integer', (c) => c.notNull())
    .execute();
}
