import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('charges')
    .addColumn('charge_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('billed_customer_id', 'text')
    .addColumn('number_e164', 'text', (c) => c.notNull())
    .addColumn('started_at_ms', 'integer', (c) => c.notNull())
    .addColumn('answered_at_ms', 'integer')
    .addColumn('voicemail', 'integer', (c) => c.notNull())
    .addColumn('rated_at_ms', 'integer', (c) => c.notNull())
    .addColumn('raw_seconds', 'integer', (c) => c.notNull())
    .addColumn('billable_seconds', 'integer', (c) => c.notNull())
    .addColumn('prepaid_seconds', 'integer', (c) => c.notNull())
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('owed_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('rate_minor', 'integer', (c) => c.notNull())
    .addColumn('rate_per_seconds', 'integer', (c) => c.notNull())
    .addColumn('lines_json', 'text', (c) => c.notNull())
    .addColumn('trace_json', 'text', (c) => c.notNull())
    .addColumn('wallet_draws_json', 'text', (c) => c.notNull())
    .addColumn('wallet_debt_minor', 'integer', (c) => c.notNull())
    .addColumn('grace_from', 'text')
    .addColumn('reverses_charge_id', 'text')
    .addColumn('reversed_by_charge_id', 'text')
    .addColumn('invoice_key', 'text')
    .execute();
  await db.schema.createIndex('charges_by_call').on('charges').columns(['call_id', 'seq']).execute();
  await db.schema.createIndex('charges_by_billed_customer').on('charges').columns(['billed_customer_id', 'started_at_ms']).execute();
  await db.schema.createIndex('charges_by_start').on('charges').column('started_at_ms').execute();
  // An unknown caller's charges, found again when the number becomes a customer's.
  await sql`CREATE INDEX charges_waiting_by_number ON charges (number_e164) WHERE billed_customer_id IS NULL`.execute(db);
}
