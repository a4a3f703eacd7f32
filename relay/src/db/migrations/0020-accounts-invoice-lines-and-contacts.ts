import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 14: the client portal and the notices answer from the relay's accounts, so they keep
// what the consoles alone kept: each invoice's lines (its PDF matches the drafts line for
// line), its period, subtotal and tax, the seq that issued it, each customer's email
// addresses, postal address and QuickBooks id, and who was merged into whom (a portal link
// of a merged customer follows it). ACCOUNTS_VERSION 4 rebuilds the projection to fill them.
export const migration: RelayMigration = {
  name: '0020-accounts-invoice-lines-and-contacts',
  sql: `
  CREATE TABLE accounts_invoice_lines (
    invoice_key TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    charge_id TEXT,
    line_json TEXT NOT NULL,
    PRIMARY KEY (invoice_key, line_no)
  ) WITHOUT ROWID;
  ALTER TABLE accounts_invoices ADD COLUMN period_start TEXT;
  ALTER TABLE accounts_invoices ADD COLUMN period_end TEXT;
  ALTER TABLE accounts_invoices ADD COLUMN subtotal_minor INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE accounts_invoices ADD COLUMN tax_minor INTEGER NOT NULL DEFAULT 0;
  -- 0 while a draft: the seq at which it was first issued (ready) otherwise.
  ALTER TABLE accounts_invoices ADD COLUMN issued_seq INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE accounts_customer_emails (
    customer_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (customer_id, position)
  ) WITHOUT ROWID;
  ALTER TABLE accounts_customers ADD COLUMN quickbooks_id TEXT;
  ALTER TABLE accounts_customers ADD COLUMN address TEXT;
  CREATE TABLE accounts_customer_merges (
    from_customer_id TEXT PRIMARY KEY,
    into_customer_id TEXT NOT NULL,
    seq INTEGER NOT NULL
  );
  `,
};
