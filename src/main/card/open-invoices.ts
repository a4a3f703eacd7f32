import type { OpenInvoice, OpenInvoiceSummary } from '../../shared/card';
import type { RingsideEvent } from '../../shared/events/model';
import { forgetBillingBook } from '../billing/store/billing-projection';
import type { ConsoleDatabase } from '../db/open-console-database';
import { docNumberFor } from '../quickbooks/invoice-payload';
import { applyBatch, type ApplyResult, type LogEntry } from '../projection/apply-event';

/**
 * The caller card's open invoices (issue 4 §4): a known customer's invoices that are
 * ready, synced or partly paid with a balance left, newest first, and which of them are
 * overdue. Due dates come from QuickBooks (invoice.balance_changed); until it has sent
 * one an invoice has none and is never overdue.
 */

export const OPEN_INVOICES_ON_CARD = 5;

export interface OpenInvoiceRow {
  invoice_key: string;
  doc_number: string | null;
  balance_minor: number;
  currency: string;
  due_date: string | null;
  kind: string;
  issue_date: string;
  period_start: string | null;
  period_end: string | null;
  first_line: string | null;
}

const DAY_MS = 86_400_000;

/** Whole days from one UTC calendar date to a later one. */
function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS));
}

/** Overdue when the due date is before today (UTC calendar dates compare as text). */
export function toOpenInvoice(row: OpenInvoiceRow, todayUtc: string): OpenInvoice {
  const overdue = row.due_date !== null && row.due_date < todayUtc;
  return {
    invoiceId: row.invoice_key,
    docNumber: row.doc_number ?? '',
    number: row.doc_number ?? docNumberFor(row.invoice_key),
    dueDate: row.due_date,
    balanceMinor: row.balance_minor,
    currency: row.currency,
    overdue,
    kind: row.kind as NonNullable<OpenInvoice['kind']>,
    issueDate: row.issue_date,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    callDate: row.kind === 'pay_per_call' ? (/call of (\d{4}-\d{2}-\d{2})/.exec(row.first_line ?? '')?.[1] ?? null) : null,
    daysOverdue: overdue && row.due_date !== null ? daysBetween(row.due_date, todayUtc) : 0,
  };
}

const OPEN = `i.customer_id = ? AND i.status IN ('ready', 'synced') AND i.balance_minor > 0`;

/** One index range on invoices(customer_id, issue_date), newest first. */
export function loadOpenInvoices(db: ConsoleDatabase, customerId: string, now: Date): OpenInvoice[] {
  const rows = db.sqlite
    .prepare(
      `SELECT i.invoice_key, i.doc_number, i.balance_minor, i.currency, d.due_date, i.kind, i.issue_date, i.period_start, i.period_end,
              (SELECT l.description FROM invoice_lines l WHERE l.invoice_key = i.invoice_key ORDER BY l.line_no LIMIT 1) AS first_line
       FROM invoices i LEFT JOIN invoice_due_dates d ON d.invoice_key = i.invoice_key
       WHERE ${OPEN}
       ORDER BY i.issue_date DESC, i.invoice_key DESC LIMIT ?`,
    )
    .all(customerId, OPEN_INVOICES_ON_CARD) as OpenInvoiceRow[];
  const today = now.toISOString().slice(0, 10);
  return rows.map((row) => toOpenInvoice(row, today));
}

/** All of a customer's unpaid invoices summed (the card lists only the newest few); null when none. */
export function loadOpenInvoiceSummary(db: ConsoleDatabase, customerId: string, now: Date): OpenInvoiceSummary | null {
  const today = now.toISOString().slice(0, 10);
  const row = db.sqlite
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(i.balance_minor), 0) AS balance, MIN(i.issue_date) AS oldest, MIN(i.currency) AS currency,
              COALESCE(SUM(d.due_date IS NOT NULL AND d.due_date < ?), 0) AS overdue
       FROM invoices i LEFT JOIN invoice_due_dates d ON d.invoice_key = i.invoice_key
       WHERE ${OPEN}`,
    )
    .get(today, customerId) as { count: number; balance: number; oldest: string | null; currency: string | null; overdue: number };
  if (row.count === 0 || row.oldest === null) return null;
  return {
    count: row.count,
    overdueCount: row.overdue,
    balanceMinor: row.balance,
    currency: row.currency ?? 'USD',
    oldestIssueDate: row.oldest,
    oldestDays: daysBetween(row.oldest, today),
  };
}

/** Applies a batch to the projection and records its due dates, in one transaction. */
export function applyWithDueDates(db: ConsoleDatabase, entries: readonly LogEntry[]): ApplyResult {
  try {
    return db.sqlite.transaction((): ApplyResult => {
      const result = applyBatch(db, entries);
      recordDueDates(db, entries.map((entry) => entry.event));
      return result;
    })();
  } catch (error) {
    // The billing book in memory ran ahead of the rolled-back tables: it reloads.
    forgetBillingBook(db);
    throw error;
  }
}

/** Records the due dates a batch of applied events carries. */
function recordDueDates(db: ConsoleDatabase, events: readonly (RingsideEvent | null)[]): void {
  let upsert: { run(invoiceKey: string, dueDate: string): unknown } | null = null;
  for (const event of events) {
    if (event?.type !== 'invoice.balance_changed' || event.data.invoiceKey === null || event.data.dueDate === null) continue;
    upsert ??= db.sqlite.prepare('INSERT INTO invoice_due_dates (invoice_key, due_date) VALUES (?, ?) ON CONFLICT (invoice_key) DO UPDATE SET due_date = excluded.due_date');
    upsert.run(event.data.invoiceKey, event.data.dueDate);
  }
}

/** Customers whose open invoices a batch may have changed (for pushing their live cards again). */
export function customersWithInvoiceChanges(db: ConsoleDatabase, events: readonly (RingsideEvent | null)[]): Set<string> {
  const customers = new Set<string>();
  const keys: string[] = [];
  for (const event of events) {
    if (!event) continue;
    if (event.type === 'payment.recorded') customers.add(event.data.customerId);
    else if (event.type === 'invoice.balance_changed' && event.data.invoiceKey !== null) keys.push(event.data.invoiceKey);
    else if (event.type === 'invoice.synced' || event.type === 'invoice.status_changed') keys.push(event.data.invoiceKey);
  }
  if (keys.length > 0) {
    const owner = db.sqlite.prepare('SELECT customer_id FROM invoices WHERE invoice_key = ?');
    for (const key of new Set(keys)) {
      const row = owner.get(key) as { customer_id: string | null } | undefined;
      if (row?.customer_id) customers.add(row.customer_id);
    }
  }
  return customers;
}
