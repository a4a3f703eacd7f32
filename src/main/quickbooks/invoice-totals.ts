import type { QuickBooksTotalDifference } from '../../shared/api/quickbooks';
import { totalDifferenceText } from '../../shared/quickbooks/total-difference';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * QuickBooks' own total of each invoice Ringside pushed (issue 11 §1). The outbox keeps the
 * TotalAmt QuickBooks answered until invoice.synced carries it to every console; the projection
 * (tax-mapping.ts) then holds it beside Ringside's total, and a difference is listed here for
 * the invoice and the Sync page.
 */

/** TotalAmt as QuickBooks answered it, in minor units; absent (an old answer, a lookup without it): not recorded. */
export function recordQuickbooksTotal(db: ConsoleDatabase, invoiceKey: string, totalAmt: number | undefined): void {
  if (typeof totalAmt !== 'number' || !Number.isFinite(totalAmt)) return;
  db.sqlite
    .prepare(
      `INSERT INTO quickbooks_pushed_totals (invoice_key, quickbooks_total_minor) VALUES (?, ?)
       ON CONFLICT (invoice_key) DO UPDATE SET quickbooks_total_minor = excluded.quickbooks_total_minor`,
    )
    .run(invoiceKey, Math.round(totalAmt * 100));
}

export function pushedQuickbooksTotal(db: ConsoleDatabase, invoiceKey: string): number | null {
  const row = db.sqlite.prepare('SELECT quickbooks_total_minor FROM quickbooks_pushed_totals WHERE invoice_key = ?').get(invoiceKey) as { quickbooks_total_minor: number } | undefined;
  return row?.quickbooks_total_minor ?? null;
}

interface TotalRow {
  invoice_key: string;
  doc_number: string | null;
  customer_name: string | null;
  issue_date: string;
  total_minor: number;
  currency: string;
  quickbooks_total_minor: number;
}

const totalsSelect = `SELECT i.invoice_key, i.doc_number, c.name AS customer_name, i.issue_date, i.total_minor, i.currency, t.quickbooks_total_minor
  FROM quickbooks_invoice_totals t JOIN invoices i ON i.invoice_key = t.invoice_key LEFT JOIN customers c ON c.customer_id = i.customer_id`;

/** Every synced invoice QuickBooks totals differently (void ones left out), newest sync first. */
export function totalDifferences(db: ConsoleDatabase, salesTax: boolean, limit = 200): QuickBooksTotalDifference[] {
  const rows = db.sqlite
    .prepare(`${totalsSelect} WHERE t.quickbooks_total_minor <> i.total_minor AND i.status <> 'void' ORDER BY t.synced_seq DESC LIMIT ?`)
    .all(limit) as TotalRow[];
  return rows.map((r) => ({
    invoiceKey: r.invoice_key,
    docNumber: r.doc_number,
    customerName: r.customer_name,
    issueDate: r.issue_date,
    ringsideTotalMinor: r.total_minor,
    quickbooksTotalMinor: r.quickbooks_total_minor,
    currency: r.currency,
    text: totalDifferenceText(r.total_minor, r.quickbooks_total_minor, r.currency, salesTax) ?? '',
  }));
}

/** Both totals of these invoices, where QuickBooks' is known. */
export function invoiceTotals(db: ConsoleDatabase, invoiceKeys: readonly string[], salesTax: boolean): Map<string, { quickbooksTotalMinor: number; ringsideTotalMinor: number; currency: string; text: string | null }> {
  const found = new Map<string, { quickbooksTotalMinor: number; ringsideTotalMinor: number; currency: string; text: string | null }>();
  if (invoiceKeys.length === 0) return found;
  const rows = db.sqlite.prepare(`${totalsSelect} WHERE t.invoice_key IN (${invoiceKeys.map(() => '?').join(', ')})`).all(...invoiceKeys) as TotalRow[];
  for (const r of rows) {
    found.set(r.invoice_key, {
      quickbooksTotalMinor: r.quickbooks_total_minor,
      ringsideTotalMinor: r.total_minor,
      currency: r.currency,
      text: totalDifferenceText(r.total_minor, r.quickbooks_total_minor, r.currency, salesTax),
    });
  }
  return found;
}
