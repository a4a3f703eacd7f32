import type { ConsoleDatabase } from '../../db/open-console-database';
import { createBillingBook, defaultCatalog, setCustomerPhones, type AccountState, type BillingBook, type Catalog } from '../../../shared/billing/engine/book';
import { nextDueMs } from '../../../shared/billing/engine/periods';
import { billingStatements } from './billing-statements';
import { SqliteChargeStore } from './sqlite-charge-store';

/**
 * The engine's state as the tables hold it after the last applied seq: the catalog
 * and clock, every account (with its next due time), and the number → customer
 * index from the projection's customer tables. Loading it is a few thousand rows
 * however long the log, so a console starts at once and catches up from where it was.
 */
export function loadBillingBook(db: ConsoleDatabase): BillingBook {
  const state = db.sqlite.prepare('SELECT clock_ms, catalog_json FROM billing_state WHERE id = 1').get() as
    | { clock_ms: number | null; catalog_json: string | null }
    | undefined;
  const catalog: Catalog = state?.catalog_json ? (JSON.parse(state.catalog_json) as Catalog) : defaultCatalog();
  const book = createBillingBook(new SqliteChargeStore(billingStatements(db)), catalog);
  book.clockMs = state?.clock_ms ?? Number.NEGATIVE_INFINITY;
  for (const row of db.sqlite.prepare('SELECT state_json FROM billing_accounts ORDER BY customer_id').all() as { state_json: string }[]) {
    const account = JSON.parse(row.state_json) as AccountState;
    book.accounts.set(account.customerId, account);
    if (account.subscription) book.subscriptionOwners.set(account.subscription.subscriptionId, account.customerId);
    for (const topUp of account.topUpInvoices ?? []) book.topUpOwners.set(topUp.invoiceKey, account.customerId);
    book.due.schedule(account.customerId, nextDueMs(account));
  }
  const phones = db.sqlite
    .prepare('SELECT c.customer_id, c.updated_seq, p.phone_e164 FROM customers c JOIN customer_phones p ON p.customer_id = c.customer_id ORDER BY c.updated_seq, p.phone_e164')
    .all() as { customer_id: string; updated_seq: number; phone_e164: string }[];
  const byCustomer = new Map<string, { seq: number; phones: string[] }>();
  for (const row of phones) {
    const entry = byCustomer.get(row.customer_id) ?? { seq: row.updated_seq, phones: [] };
    entry.phones.push(row.phone_e164);
    byCustomer.set(row.customer_id, entry);
  }
  for (const [customerId, { seq, phones: list }] of byCustomer) setCustomerPhones(book, customerId, list, seq);
  return book;
}
