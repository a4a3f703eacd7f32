import type BetterSqlite3 from 'better-sqlite3';
import type { ConsoleDatabase } from '../../db/open-console-database';
import type {
  BillingAccountsTable,
  BillingAdjustmentsTable,
  ChargesTable,
  FailedPaymentsTable,
  InvoiceLinesTable,
  InvoicesTable,
  PaymentsTable,
  WalletEntriesTable,
} from '../../db/schema';

/** The billing writes and the engine's reads, prepared once per database (they run in the projection's hot path). */
export interface BillingStatements {
  latestChargeForCall: BetterSqlite3.Statement<{ call_id: string }, ChargesTable>;
  waitingChargesForNumber: BetterSqlite3.Statement<{ number_e164: string }, ChargesTable>;
  insertCharge: BetterSqlite3.Statement<ChargesTable>;
  markReversed: BetterSqlite3.Statement<{ charge_id: string; reversed_by_charge_id: string }>;
  markInvoiced: BetterSqlite3.Statement<{ charge_id: string; invoice_key: string; billed_customer_id: string }>;
  insertWalletEntry: BetterSqlite3.Statement<WalletEntriesTable>;
  insertAdjustment: BetterSqlite3.Statement<BillingAdjustmentsTable>;
  insertPayment: BetterSqlite3.Statement<PaymentsTable>;
  insertFailedPayment: BetterSqlite3.Statement<FailedPaymentsTable>;
  upsertInvoice: BetterSqlite3.Statement<Omit<InvoicesTable, 'quickbooks_id' | 'doc_number'>>;
  upsertDraftInvoice: BetterSqlite3.Statement<Omit<InvoicesTable, 'quickbooks_id' | 'doc_number'>>;
  insertInvoiceLine: BetterSqlite3.Statement<InvoiceLinesTable>;
  invoiceByKey: BetterSqlite3.Statement<{ invoice_key: string }, InvoicesTable>;
  invoiceByQuickbooksId: BetterSqlite3.Statement<{ quickbooks_id: string }, InvoicesTable>;
  updateInvoiceState: BetterSqlite3.Statement<Pick<InvoicesTable, 'invoice_key' | 'status' | 'balance_minor' | 'quickbooks_id' | 'doc_number' | 'updated_seq'>>;
  upsertAccount: BetterSqlite3.Statement<BillingAccountsTable>;
  updateAccountState: BetterSqlite3.Statement<BillingAccountsTable>;
  /** customer.merged: the first customer's ledger rows become the second's, and its account row goes. */
  mergeCustomerRows: (fromCustomerId: string, intoCustomerId: string) => void;
  writeClock: BetterSqlite3.Statement<{ clock_ms: number | null }>;
  writeCatalog: BetterSqlite3.Statement<{ catalog_json: string }>;
}

const cache = new WeakMap<ConsoleDatabase, BillingStatements>();

export function billingStatements(db: ConsoleDatabase): BillingStatements {
  const cached = cache.get(db);
  if (cached) return cached;
  const s = db.sqlite;
  const statements: BillingStatements = {
    latestChargeForCall: s.prepare('SELECT * FROM charges WHERE call_id = @call_id AND reverses_charge_id IS NULL ORDER BY seq DESC LIMIT 1'),
    waitingChargesForNumber: s.prepare(
      `SELECT * FROM charges WHERE number_e164 = @number_e164 AND billed_customer_id IS NULL AND invoice_key IS NULL
       AND owed_minor != 0 AND reversed_by_charge_id IS NULL ORDER BY seq`,
    ),
    insertCharge: s.prepare(
      `INSERT INTO charges VALUES (@charge_id, @call_id, @seq, @customer_id, @billed_customer_id, @number_e164, @started_at_ms, @answered_at_ms,
        @voicemail, @rated_at_ms, @raw_seconds, @billable_seconds, @prepaid_seconds, @total_minor, @owed_minor, @currency, @rate_minor,
        @rate_per_seconds, @lines_json, @trace_json, @wallet_draws_json, @wallet_debt_minor, @grace_from, @reverses_charge_id,
        @reversed_by_charge_id, @invoice_key)`,
    ),
    markReversed: s.prepare('UPDATE charges SET reversed_by_charge_id = @reversed_by_charge_id WHERE charge_id = @charge_id'),
    markInvoiced: s.prepare('UPDATE charges SET invoice_key = @invoice_key, billed_customer_id = @billed_customer_id WHERE charge_id = @charge_id'),
    insertWalletEntry: s.prepare(
      `INSERT INTO wallet_entries VALUES (@entry_id, @customer_id, @seq, @at_ms, @kind, @amount_minor, @balance_after_minor, @currency, @description, @charge_id)`,
    ),
    insertAdjustment: s.prepare(
      `INSERT INTO billing_adjustments VALUES (@adjustment_id, @customer_id, @seq, @at_ms, @unit, @requested, @applied, @reason, @by_whom, @description)`,
    ),
    insertPayment: s.prepare(
      'INSERT OR IGNORE INTO payments (payment_id, customer_id, seq, received_on, amount_minor, currency, description) VALUES (@payment_id, @customer_id, @seq, @received_on, @amount_minor, @currency, @description)',
    ),
    // A failure told twice (a replayed webhook under another event id) is one row.
    insertFailedPayment: s.prepare('INSERT OR IGNORE INTO failed_payments VALUES (@payment_id, @customer_id, @seq, @at_ms, @amount_minor, @currency, @description)'),
    // The engine redrafts an open invoice's totals; only a draft takes a new status from it (a void or
    // synced invoice keeps its own), and the balance follows the total until the invoice is sent.
    upsertInvoice: s.prepare(
      `INSERT INTO invoices (invoice_key, customer_id, kind, status, issue_date, period_start, period_end, subtotal_minor, tax_minor, total_minor,
         balance_minor, currency, quickbooks_id, doc_number, updated_seq)
       VALUES (@invoice_key, @customer_id, @kind, @status, @issue_date, @period_start, @period_end, @subtotal_minor, @tax_minor, @total_minor,
         @balance_minor, @currency, NULL, NULL, @updated_seq)
       ON CONFLICT (invoice_key) DO UPDATE SET
         subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, total_minor = excluded.total_minor,
         balance_minor = CASE WHEN invoices.status IN ('draft', 'ready') THEN excluded.balance_minor ELSE invoices.balance_minor END,
         status = CASE WHEN invoices.status = 'draft' THEN excluded.status ELSE invoices.status END,
         updated_seq = excluded.updated_seq`,
    ),
    // The same for a redraft that is still a draft (most of them, in a batch): it leaves the status as it
    // is, so the status index and the status triggers are not touched.
    upsertDraftInvoice: s.prepare(
      `INSERT INTO invoices (invoice_key, customer_id, kind, status, issue_date, period_start, period_end, subtotal_minor, tax_minor, total_minor,
         balance_minor, currency, quickbooks_id, doc_number, updated_seq)
       VALUES (@invoice_key, @customer_id, @kind, @status, @issue_date, @period_start, @period_end, @subtotal_minor, @tax_minor, @total_minor,
         @balance_minor, @currency, NULL, NULL, @updated_seq)
       ON CONFLICT (invoice_key) DO UPDATE SET
         subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, total_minor = excluded.total_minor,
         balance_minor = CASE WHEN invoices.status IN ('draft', 'ready') THEN excluded.balance_minor ELSE invoices.balance_minor END,
         updated_seq = excluded.updated_seq`,
    ),
    // A text-message line counts many texts and is rewritten as each one is added or credited.
    insertInvoiceLine: s.prepare(
      `INSERT INTO invoice_lines VALUES (@invoice_key, @line_no, @description, @quantity, @unit, @unit_price_minor, @amount_minor, @tax_basis_points, @tax_minor, @charge_id)
       ON CONFLICT (invoice_key, line_no) DO UPDATE SET description = excluded.description, quantity = excluded.quantity, amount_minor = excluded.amount_minor, tax_minor = excluded.tax_minor`,
    ),
    invoiceByKey: s.prepare('SELECT * FROM invoices WHERE invoice_key = @invoice_key'),
    invoiceByQuickbooksId: s.prepare('SELECT * FROM invoices WHERE quickbooks_id = @quickbooks_id LIMIT 1'),
    updateInvoiceState: s.prepare(
      `UPDATE invoices SET status = @status, balance_minor = @balance_minor, quickbooks_id = @quickbooks_id, doc_number = @doc_number, updated_seq = @updated_seq
       WHERE invoice_key = @invoice_key`,
    ),
    upsertAccount: s.prepare(
      `INSERT INTO billing_accounts VALUES (@customer_id, @subscription_id, @state_json, @updated_seq)
       ON CONFLICT (customer_id) DO UPDATE SET subscription_id = excluded.subscription_id, state_json = excluded.state_json, updated_seq = excluded.updated_seq`,
    ),
    // An account's state changes every batch, its subscription seldom: this leaves the subscription index alone.
    updateAccountState: s.prepare(
      'UPDATE billing_accounts SET state_json = @state_json, updated_seq = @updated_seq WHERE customer_id = @customer_id AND subscription_id IS @subscription_id',
    ),
    mergeCustomerRows: mergeCustomerRows(s),
    writeClock: s.prepare('UPDATE billing_state SET clock_ms = @clock_ms WHERE id = 1'),
    writeCatalog: s.prepare('UPDATE billing_state SET catalog_json = @catalog_json WHERE id = 1'),
  };
  cache.set(db, statements);
  return statements;
}

function mergeCustomerRows(s: BetterSqlite3.Database): (fromCustomerId: string, intoCustomerId: string) => void {
  const moves = [
    s.prepare('UPDATE charges SET customer_id = @into WHERE customer_id = @from'),
    s.prepare('UPDATE charges SET billed_customer_id = @into WHERE billed_customer_id = @from'),
    s.prepare('UPDATE wallet_entries SET customer_id = @into WHERE customer_id = @from'),
    s.prepare('UPDATE billing_adjustments SET customer_id = @into WHERE customer_id = @from'),
    s.prepare('UPDATE payments SET customer_id = @into WHERE customer_id = @from'),
    s.prepare('UPDATE failed_payments SET customer_id = @into WHERE customer_id = @from'),
    s.prepare('UPDATE invoices SET customer_id = @into WHERE customer_id = @from'),
    s.prepare('DELETE FROM billing_accounts WHERE customer_id = @from'),
  ];
  return (from, into) => {
    for (const move of moves) move.run({ from, into });
  };
}
