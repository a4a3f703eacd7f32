import type { ConsoleDatabase } from '../../db/open-console-database';
import type { BillingAccountsTable, BillingStateTable } from '../../db/schema';
import { accountViewAt, type AccountView } from '../../../shared/billing/engine/account-view';
import { defaultCatalog, type AccountState, type Catalog } from '../../../shared/billing/engine/book';

// On the ring-to-card path (card/load-caller-card.ts): plain prepared statements, rows typed from db/schema.ts.

/** The catalog as the projection holds it now. */
export function readCatalog(db: ConsoleDatabase): Catalog {
  const row = db.sqlite.prepare('SELECT catalog_json FROM billing_state WHERE id = 1').get() as Pick<BillingStateTable, 'catalog_json'> | undefined;
  return row?.catalog_json ? (JSON.parse(row.catalog_json) as Catalog) : defaultCatalog();
}

export function readAccount(db: ConsoleDatabase, customerId: string): AccountState | null {
  const row = db.sqlite.prepare('SELECT state_json FROM billing_accounts WHERE customer_id = ?').get(customerId) as Pick<BillingAccountsTable, 'state_json'> | undefined;
  return row ? (JSON.parse(row.state_json) as AccountState) : null;
}

/** A customer's subscription and wallet as they stand at `now` (periods and expiries advanced to it). */
export function readAccountView(db: ConsoleDatabase, customerId: string, now: Date, catalog: Catalog = readCatalog(db)): AccountView {
  const account = readAccount(db, customerId);
  return account ? accountViewAt(catalog, account, now.getTime()) : { subscription: null, wallet: null };
}
