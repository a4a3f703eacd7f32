import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/** The accounts tables' reads and writes (migrations 0017 and 0020), prepared once: they run in the append's transaction. */
export interface AccountsStatements {
  readState: Statement<[], { version: number; applied_seq: number; clock_ms: number | null; catalog_json: string }>;
  writeProgress: Statement<{ applied_seq: number; clock_ms: number | null }>;
  writeCatalog: Statement<{ catalog_json: string }>;
  upsertCustomer: Statement<{ customer_id: string; name: string; company: string | null; quickbooks_id: string | null; address: string | null; updated_seq: number }>;
  /** What a merge keeps of the first customer: its QuickBooks link and address fill the second's blanks. */
  fillCustomerFacts: Statement<{ from: string; into: string }>;
  deleteEmails: Statement<{ customer_id: string }>;
  insertEmail: Statement<{ customer_id: string; position: number; email: string }>;
  emailsOf: Statement<{ customer_id: string }, { position: number; email: string }>;
  insertMerge: Statement<{ from_customer_id: string; into_customer_id: string; seq: number }>;
  mergedInto: Statement<{ customer_id: string }, { into_customer_id: string }>;
  customerIds: Statement<[], { customer_id: string }>;
  touchCustomer: Statement<{ customer_id: string; updated_seq: number }>;
  deleteCustomer: Statement<{ customer_id: string }>;
  customerExists: Statement<{ customer_id: string }, { one: number }>;
  deletePhones: Statement<{ customer_id: string }>;
  insertPhone: Statement<{ customer_id: string; phone_e164: string }>;
  movePhones: Statement<{ from: string; into: string }>;
  customer: Statement<{ customer_id: string }, CustomerRow>;
  ownerOfNumber: Statement<{ phone_e164: string }, { customer_id: string }>;
  phonesOf: Statement<{ customer_id: string }, { phone_e164: string }>;
  deleteBookPhones: Statement<{ customer_id: string }>;
  insertBookPhone: Statement<{ customer_id: string; phone_e164: string; seq: number }>;
  writeBook: Statement<{ customer_id: string; state_json: string; updated_seq: number }>;
  deleteBook: Statement<{ customer_id: string }>;
  insertCharge: Statement<{
    charge_id: string;
    call_id: string;
    seq: number;
    number_e164: string;
    customer_id: string | null;
    billed_customer_id: string | null;
    invoice_key: string | null;
    owed_minor: number;
    reverses_charge_id: string | null;
    reversed_by_charge_id: string | null;
    record_json: string;
  }>;
  markReversed: Statement<{ charge_id: string; reversed_by_charge_id: string }>;
  markInvoiced: Statement<{ charge_id: string; invoice_key: string; billed_customer_id: string }>;
  latestChargeForCall: Statement<{ call_id: string }, ChargeRow>;
  waitingChargesForNumber: Statement<{ number_e164: string }, ChargeRow>;
  upsertInvoice: Statement<{
    invoice_key: string;
    customer_id: string | null;
    kind: string;
    status: string;
    issue_date: string;
    period_start: string | null;
    period_end: string | null;
    subtotal_minor: number;
    tax_minor: number;
    total_minor: number;
    currency: string;
    updated_seq: number;
  }>;
  upsertInvoiceLine: Statement<{ invoice_key: string; line_no: number; charge_id: string | null; line_json: string }>;
  invoicesOf: Statement<{ customer_id: string }, CustomerInvoiceRow>;
  invoiceOf: Statement<{ customer_id: string; invoice_key: string }, CustomerInvoiceRow>;
  linesOf: Statement<{ invoice_key: string }, { line_json: string }>;
  /** The customer's calls (texts left out), newest first, before a start time. */
  callsOf: Statement<{ customer_id: string; before_ms: number; limit: number }, { record_json: string; reversed_by_charge_id: string | null }>;
  invoiceByKey: Statement<{ invoice_key: string }, InvoiceRow>;
  invoiceByQuickbooksId: Statement<{ quickbooks_id: string }, InvoiceRow>;
  updateInvoiceState: Statement<{ invoice_key: string; status: string; balance_minor: number; quickbooks_id: string | null; doc_number: string | null; updated_seq: number }>;
  openInvoicesOf: Statement<{ customer_id: string }, { invoice_key: string; doc_number: string | null; balance_minor: number; currency: string; due_date: string | null }>;
  writeDueDate: Statement<{ invoice_key: string; due_date: string }>;
  insertPayment: Statement<{ payment_id: string }>;
  /** customer.merged, when billing allowed it: the first customer's rows become the second's. */
  mergeRows: (fromCustomerId: string, intoCustomerId: string) => void;
}

export interface ChargeRow {
  customer_id: string | null;
  billed_customer_id: string | null;
  invoice_key: string | null;
  reversed_by_charge_id: string | null;
  record_json: string;
}

export interface CustomerRow {
  customer_id: string;
  name: string;
  company: string | null;
  quickbooks_id: string | null;
  address: string | null;
}

export interface CustomerInvoiceRow {
  invoice_key: string;
  kind: string;
  status: string;
  issue_date: string;
  due_date: string | null;
  period_start: string | null;
  period_end: string | null;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  balance_minor: number;
  currency: string;
  doc_number: string | null;
  quickbooks_id: string | null;
  issued_seq: number;
}

export interface InvoiceRow {
  invoice_key: string;
  status: string;
  balance_minor: number;
  quickbooks_id: string | null;
  doc_number: string | null;
}

/** Every table of the projection, for a rebuild. */
export const ACCOUNTS_TABLES = [
  'accounts_state',
  'accounts_customers',
  'accounts_customer_phones',
  'accounts_book_phones',
  'accounts_books',
  'accounts_charges',
  'accounts_invoices',
  'accounts_invoice_due_dates',
  'accounts_payments',
  'accounts_invoice_lines',
  'accounts_customer_emails',
  'accounts_customer_merges',
] as const;

const CUSTOMER_INVOICE_COLUMNS = `i.invoice_key, i.kind, i.status, i.issue_date, d.due_date, i.period_start, i.period_end, i.subtotal_minor, i.tax_minor,
  i.total_minor, i.balance_minor, i.currency, i.doc_number, i.quickbooks_id, i.issued_seq
  FROM accounts_invoices i LEFT JOIN accounts_invoice_due_dates d ON d.invoice_key = i.invoice_key`;

export function accountsStatements(db: RelayDatabase): AccountsStatements {
  const moves = [
    db.prepare('UPDATE accounts_charges SET customer_id = @into WHERE customer_id = @from'),
    db.prepare('UPDATE accounts_charges SET billed_customer_id = @into WHERE billed_customer_id = @from'),
    db.prepare('UPDATE accounts_invoices SET customer_id = @into WHERE customer_id = @from'),
    db.prepare('DELETE FROM accounts_books WHERE customer_id = @from'),
  ];
  return {
    readState: db.prepare('SELECT version, applied_seq, clock_ms, catalog_json FROM accounts_state WHERE id = 1'),
    writeProgress: db.prepare('UPDATE accounts_state SET applied_seq = @applied_seq, clock_ms = @clock_ms WHERE id = 1'),
    writeCatalog: db.prepare('UPDATE accounts_state SET catalog_json = @catalog_json WHERE id = 1'),
    upsertCustomer: db.prepare(
      `INSERT INTO accounts_customers (customer_id, name, company, quickbooks_id, address, updated_seq) VALUES (@customer_id, @name, @company, @quickbooks_id, @address, @updated_seq)
       ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, company = excluded.company, quickbooks_id = excluded.quickbooks_id, address = excluded.address,
         updated_seq = excluded.updated_seq`,
    ),
    fillCustomerFacts: db.prepare(
      `UPDATE accounts_customers SET
         quickbooks_id = COALESCE(quickbooks_id, (SELECT f.quickbooks_id FROM accounts_customers f WHERE f.customer_id = @from)),
         address = COALESCE(address, (SELECT f.address FROM accounts_customers f WHERE f.customer_id = @from))
       WHERE customer_id = @into`,
    ),
    deleteEmails: db.prepare('DELETE FROM accounts_customer_emails WHERE customer_id = @customer_id'),
    insertEmail: db.prepare('INSERT INTO accounts_customer_emails (customer_id, position, email) VALUES (@customer_id, @position, @email)'),
    emailsOf: db.prepare('SELECT position, email FROM accounts_customer_emails WHERE customer_id = @customer_id ORDER BY position'),
    insertMerge: db.prepare(
      `INSERT INTO accounts_customer_merges (from_customer_id, into_customer_id, seq) VALUES (@from_customer_id, @into_customer_id, @seq)
       ON CONFLICT (from_customer_id) DO UPDATE SET into_customer_id = excluded.into_customer_id, seq = excluded.seq`,
    ),
    mergedInto: db.prepare('SELECT into_customer_id FROM accounts_customer_merges WHERE from_customer_id = @customer_id'),
    customerIds: db.prepare('SELECT customer_id FROM accounts_customers ORDER BY customer_id'),
    touchCustomer: db.prepare('UPDATE accounts_customers SET updated_seq = @updated_seq WHERE customer_id = @customer_id'),
    deleteCustomer: db.prepare('DELETE FROM accounts_customers WHERE customer_id = @customer_id'),
    customerExists: db.prepare('SELECT 1 AS one FROM accounts_customers WHERE customer_id = @customer_id'),
    deletePhones: db.prepare('DELETE FROM accounts_customer_phones WHERE customer_id = @customer_id'),
    insertPhone: db.prepare('INSERT OR IGNORE INTO accounts_customer_phones (customer_id, phone_e164) VALUES (@customer_id, @phone_e164)'),
    movePhones: db.prepare('INSERT OR IGNORE INTO accounts_customer_phones (customer_id, phone_e164) SELECT @into, phone_e164 FROM accounts_customer_phones WHERE customer_id = @from'),
    customer: db.prepare('SELECT customer_id, name, company, quickbooks_id, address FROM accounts_customers WHERE customer_id = @customer_id'),
    // The newest customer with the number, as a console's card finds it.
    ownerOfNumber: db.prepare(
      `SELECT c.customer_id FROM accounts_customer_phones p JOIN accounts_customers c ON c.customer_id = p.customer_id
       WHERE p.phone_e164 = @phone_e164 ORDER BY c.updated_seq DESC LIMIT 1`,
    ),
    phonesOf: db.prepare('SELECT phone_e164 FROM accounts_customer_phones WHERE customer_id = @customer_id ORDER BY phone_e164'),
    deleteBookPhones: db.prepare('DELETE FROM accounts_book_phones WHERE customer_id = @customer_id'),
    insertBookPhone: db.prepare('INSERT OR REPLACE INTO accounts_book_phones (customer_id, phone_e164, seq) VALUES (@customer_id, @phone_e164, @seq)'),
    writeBook: db.prepare(
      `INSERT INTO accounts_books (customer_id, state_json, updated_seq) VALUES (@customer_id, @state_json, @updated_seq)
       ON CONFLICT (customer_id) DO UPDATE SET state_json = excluded.state_json, updated_seq = excluded.updated_seq`,
    ),
    deleteBook: db.prepare('DELETE FROM accounts_books WHERE customer_id = @customer_id'),
    insertCharge: db.prepare(
      `INSERT INTO accounts_charges (charge_id, call_id, seq, number_e164, customer_id, billed_customer_id, invoice_key, owed_minor, reverses_charge_id, reversed_by_charge_id, record_json)
       VALUES (@charge_id, @call_id, @seq, @number_e164, @customer_id, @billed_customer_id, @invoice_key, @owed_minor, @reverses_charge_id, @reversed_by_charge_id, @record_json)`,
    ),
    markReversed: db.prepare('UPDATE accounts_charges SET reversed_by_charge_id = @reversed_by_charge_id WHERE charge_id = @charge_id'),
    markInvoiced: db.prepare('UPDATE accounts_charges SET invoice_key = @invoice_key, billed_customer_id = @billed_customer_id WHERE charge_id = @charge_id'),
    latestChargeForCall: db.prepare(
      'SELECT customer_id, billed_customer_id, invoice_key, reversed_by_charge_id, record_json FROM accounts_charges WHERE call_id = @call_id AND reverses_charge_id IS NULL ORDER BY seq DESC LIMIT 1',
    ),
    waitingChargesForNumber: db.prepare(
      `SELECT customer_id, billed_customer_id, invoice_key, reversed_by_charge_id, record_json FROM accounts_charges
       WHERE number_e164 = @number_e164 AND billed_customer_id IS NULL AND invoice_key IS NULL AND owed_minor != 0 AND reversed_by_charge_id IS NULL ORDER BY seq`,
    ),
    // As a console's invoices: the engine redrafts an open invoice's totals; only a draft takes a new
    // status from it, and the balance follows the total until the invoice is sent. It is issued at
    // the seq it stops being a draft.
    upsertInvoice: db.prepare(
      `INSERT INTO accounts_invoices (invoice_key, customer_id, kind, status, issue_date, period_start, period_end, subtotal_minor, tax_minor, total_minor,
         balance_minor, currency, quickbooks_id, doc_number, updated_seq, issued_seq)
       VALUES (@invoice_key, @customer_id, @kind, @status, @issue_date, @period_start, @period_end, @subtotal_minor, @tax_minor, @total_minor,
         @total_minor, @currency, NULL, NULL, @updated_seq, CASE WHEN @status = 'draft' THEN 0 ELSE @updated_seq END)
       ON CONFLICT (invoice_key) DO UPDATE SET
         subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, total_minor = excluded.total_minor,
         balance_minor = CASE WHEN accounts_invoices.status IN ('draft', 'ready') THEN excluded.balance_minor ELSE accounts_invoices.balance_minor END,
         status = CASE WHEN accounts_invoices.status = 'draft' THEN excluded.status ELSE accounts_invoices.status END,
         issued_seq = CASE WHEN accounts_invoices.status = 'draft' AND excluded.status != 'draft' THEN excluded.updated_seq ELSE accounts_invoices.issued_seq END,
         updated_seq = excluded.updated_seq`,
    ),
    // As a console's invoice_lines: a line is written again when it changes (a text-message line counts
    // one more text), its description, quantity, amount and tax only.
    upsertInvoiceLine: db.prepare(
      `INSERT INTO accounts_invoice_lines (invoice_key, line_no, charge_id, line_json) VALUES (@invoice_key, @line_no, @charge_id, @line_json)
       ON CONFLICT (invoice_key, line_no) DO UPDATE SET line_json = json_set(accounts_invoice_lines.line_json,
         '$.description', json_extract(excluded.line_json, '$.description'),
         '$.quantity', json_extract(excluded.line_json, '$.quantity'),
         '$.amountMinor', json_extract(excluded.line_json, '$.amountMinor'),
         '$.taxMinor', json_extract(excluded.line_json, '$.taxMinor'))`,
    ),
    invoicesOf: db.prepare(`SELECT ${CUSTOMER_INVOICE_COLUMNS} WHERE i.customer_id = @customer_id ORDER BY i.issue_date DESC, i.invoice_key DESC`),
    invoiceOf: db.prepare(`SELECT ${CUSTOMER_INVOICE_COLUMNS} WHERE i.invoice_key = @invoice_key AND i.customer_id = @customer_id`),
    linesOf: db.prepare('SELECT line_json FROM accounts_invoice_lines WHERE invoice_key = @invoice_key ORDER BY line_no'),
    // A call (not a text: their charge keys start "message:") the customer made, or an unknown caller's
    // that was billed to them; reversals are corrections' bookkeeping, not calls.
    callsOf: db.prepare(
      `SELECT record_json, reversed_by_charge_id FROM accounts_charges
       WHERE (customer_id = @customer_id OR billed_customer_id = @customer_id) AND reverses_charge_id IS NULL AND call_id NOT LIKE 'message:%'
         AND json_extract(record_json, '$.startedAtMs') < @before_ms
       ORDER BY json_extract(record_json, '$.startedAtMs') DESC, seq DESC LIMIT @limit`,
    ),
    invoiceByKey: db.prepare('SELECT invoice_key, status, balance_minor, quickbooks_id, doc_number FROM accounts_invoices WHERE invoice_key = @invoice_key'),
    invoiceByQuickbooksId: db.prepare('SELECT invoice_key, status, balance_minor, quickbooks_id, doc_number FROM accounts_invoices WHERE quickbooks_id = @quickbooks_id LIMIT 1'),
    updateInvoiceState: db.prepare(
      `UPDATE accounts_invoices SET status = @status, balance_minor = @balance_minor, quickbooks_id = @quickbooks_id, doc_number = @doc_number, updated_seq = @updated_seq,
         issued_seq = CASE WHEN status = 'draft' AND @status NOT IN ('draft', 'void') THEN @updated_seq ELSE issued_seq END
       WHERE invoice_key = @invoice_key`,
    ),
    // Issued (ready or in QuickBooks) with a balance left, as the caller card shows them: newest first.
    openInvoicesOf: db.prepare(
      `SELECT i.invoice_key, i.doc_number, i.balance_minor, i.currency, d.due_date FROM accounts_invoices i
       LEFT JOIN accounts_invoice_due_dates d ON d.invoice_key = i.invoice_key
       WHERE i.customer_id = @customer_id AND i.status IN ('ready', 'synced') AND i.balance_minor > 0
       ORDER BY i.issue_date DESC, i.invoice_key DESC`,
    ),
    writeDueDate: db.prepare(
      'INSERT INTO accounts_invoice_due_dates (invoice_key, due_date) VALUES (@invoice_key, @due_date) ON CONFLICT (invoice_key) DO UPDATE SET due_date = excluded.due_date',
    ),
    insertPayment: db.prepare('INSERT OR IGNORE INTO accounts_payments (payment_id) VALUES (@payment_id)'),
    mergeRows: (from, into) => {
      for (const move of moves) move.run({ from, into });
    },
  };
}
