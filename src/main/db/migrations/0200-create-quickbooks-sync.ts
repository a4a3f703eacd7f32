import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One job per invoice and action ('create', 'void'); the worker drains it (src/main/quickbooks/invoice-outbox.ts).
  await db.schema
    .createTable('quickbooks_outbox')
    .addColumn('invoice_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('series', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at_ms', 'integer', (c) => c.notNull())
    .addColumn('quickbooks_id', 'text')
    .addColumn('doc_number', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('intuit_tid', 'text')
    .addColumn('enqueued_at_ms', 'integer', (c) => c.notNull())
    .addColumn('updated_at_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quickbooks_outbox_pk', ['invoice_key', 'action'])
    .execute();
  await db.schema.createIndex('quickbooks_outbox_by_state').on('quickbooks_outbox').columns(['state', 'next_attempt_at_ms']).execute();

  // Enqueued in the projection's own transaction: the billing projection writes the invoice row, these
  // triggers write the job beside it, so a crash can never leave a ready invoice without its job.
  await sql`
    CREATE TRIGGER quickbooks_outbox_on_ready_insert AFTER INSERT ON invoices WHEN NEW.status = 'ready'
    BEGIN
      INSERT OR IGNORE INTO quickbooks_outbox (invoice_key, action, state, series, attempts, next_attempt_at_ms, enqueued_at_ms, updated_at_ms)
      VALUES (NEW.invoice_key, 'create', 'pending', 0, 0, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER));
    END`.execute(db);
  await sql`
    CREATE TRIGGER quickbooks_outbox_on_ready_update AFTER UPDATE OF status ON invoices WHEN NEW.status = 'ready' AND OLD.status <> 'ready'
    BEGIN
      INSERT OR IGNORE INTO quickbooks_outbox (invoice_key, action, state, series, attempts, next_attempt_at_ms, enqueued_at_ms, updated_at_ms)
      VALUES (NEW.invoice_key, 'create', 'pending', 0, 0, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER));
    END`.execute(db);
  // A void: a create never sent is dropped; anything that may have reached QuickBooks gets a void job.
  await sql`
    CREATE TRIGGER quickbooks_outbox_on_void AFTER UPDATE OF status ON invoices WHEN NEW.status = 'void' AND OLD.status <> 'void'
    BEGIN
      DELETE FROM quickbooks_outbox WHERE invoice_key = NEW.invoice_key AND action = 'create' AND state IN ('pending', 'failed') AND attempts = 0;
      INSERT OR IGNORE INTO quickbooks_outbox (invoice_key, action, state, series, attempts, next_attempt_at_ms, enqueued_at_ms, updated_at_ms)
      SELECT NEW.invoice_key, 'void', 'pending', 0, 0, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
      WHERE NEW.quickbooks_id IS NOT NULL OR EXISTS (SELECT 1 FROM quickbooks_outbox WHERE invoice_key = NEW.invoice_key AND action = 'create');
    END`.execute(db);

  // The QuickBooks customers this console has seen, each linked to the Ringside customer id it maps to.
  await db.schema
    .createTable('quickbooks_customers')
    .addColumn('quickbooks_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('sync_token', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quickbooks_customers_by_customer').on('quickbooks_customers').column('customer_id').execute();
  // Every phone field as written in QuickBooks; phone_e164 null: unparseable (the "needs attention" list reads these).
  await db.schema
    .createTable('quickbooks_customer_phones')
    .addColumn('quickbooks_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text')
    .addPrimaryKeyConstraint('quickbooks_customer_phones_pk', ['quickbooks_id', 'field'])
    .execute();
  await db.schema.createIndex('quickbooks_customer_phones_by_e164').on('quickbooks_customer_phones').column('phone_e164').execute();

  // Cursors, last successes and the sync's own settings, as JSON values.
  await db.schema
    .createTable('quickbooks_sync_state')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .execute();

  // What was sent to QuickBooks and how it went, newest last (the sync page's log).
  await db.schema
    .createTable('quickbooks_sync_log')
    .addColumn('entry_id', 'integer', (c) => c.primaryKey().autoIncrement().notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('quickbooks_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('intuit_tid', 'text')
    .execute();
}
