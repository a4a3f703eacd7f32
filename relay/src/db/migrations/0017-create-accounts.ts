import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 13 §1: the relay's accounts projection, the same billing fold every console
// runs (src/shared/billing/engine), kept in the transaction of each append. Its state
// is kept here beside the seq it has applied, so a restart loads it and catches up
// from there; a version other than the code's (or no state row) is rebuilt by replay.
export const migration: RelayMigration = {
  name: '0017-create-accounts',
  sql: `
  CREATE TABLE accounts_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    applied_seq INTEGER NOT NULL,
    clock_ms INTEGER,
    catalog_json TEXT NOT NULL
  );
  CREATE TABLE accounts_customers (
    customer_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    company TEXT,
    updated_seq INTEGER NOT NULL
  );
  CREATE TABLE accounts_customer_phones (
    customer_id TEXT NOT NULL,
    phone_e164 TEXT NOT NULL,
    PRIMARY KEY (customer_id, phone_e164)
  ) WITHOUT ROWID;
  CREATE INDEX accounts_customer_phones_by_number ON accounts_customer_phones (phone_e164);
  -- Who has which number as the fold sees it (its own index, beside the customer list's).
  CREATE TABLE accounts_book_phones (
    customer_id TEXT NOT NULL,
    phone_e164 TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (customer_id, phone_e164)
  ) WITHOUT ROWID;
  CREATE TABLE accounts_books (
    customer_id TEXT PRIMARY KEY,
    state_json TEXT NOT NULL,
    updated_seq INTEGER NOT NULL
  );
  CREATE TABLE accounts_charges (
    charge_id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number_e164 TEXT NOT NULL,
    customer_id TEXT,
    billed_customer_id TEXT,
    invoice_key TEXT,
    owed_minor INTEGER NOT NULL,
    reverses_charge_id TEXT,
    reversed_by_charge_id TEXT,
    record_json TEXT NOT NULL
  );
  CREATE INDEX accounts_charges_by_call ON accounts_charges (call_id, seq) WHERE reverses_charge_id IS NULL;
  CREATE INDEX accounts_charges_waiting ON accounts_charges (number_e164, seq) WHERE billed_customer_id IS NULL AND invoice_key IS NULL;
  CREATE INDEX accounts_charges_by_customer ON accounts_charges (customer_id);
  CREATE INDEX accounts_charges_by_billed_customer ON accounts_charges (billed_customer_id);
  CREATE TABLE accounts_invoices (
    invoice_key TEXT PRIMARY KEY,
    customer_id TEXT,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    balance_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    quickbooks_id TEXT,
    doc_number TEXT,
    updated_seq INTEGER NOT NULL
  );
  CREATE INDEX accounts_invoices_by_customer ON accounts_invoices (customer_id, issue_date);
  CREATE INDEX accounts_invoices_by_quickbooks_id ON accounts_invoices (quickbooks_id) WHERE quickbooks_id IS NOT NULL;
  CREATE TABLE accounts_invoice_due_dates (
    invoice_key TEXT PRIMARY KEY,
    due_date TEXT NOT NULL
  );
  CREATE TABLE accounts_payments (
    payment_id TEXT PRIMARY KEY
  );
  `,
};
