import type { ConsoleDatabase } from '../db/open-console-database';
import type { QuickBooksCustomersTable } from '../db/schema';
import type { QuickBooksLogEntry, QuickBooksNeedsAttention } from '../../shared/api/quickbooks';

/**
 * The sync's own tables (migration 0200): cursors and settings, the log of what was sent,
 * and the mirror of QuickBooks customers with every phone as written there.
 */

/** The keys of quickbooks_sync_state. */
export const SYNC_STATE = { settings: 'settings', cursor: 'cdc_cursor', lastOut: 'last_sync_out', lastIn: 'last_sync_in', imported: 'customers_imported' } as const;

export function readState<T>(db: ConsoleDatabase, key: string, fallback: T): T {
  const row = db.sqlite.prepare('SELECT value_json FROM quickbooks_sync_state WHERE key = ?').get(key) as { value_json: string } | undefined;
  return row === undefined ? fallback : (JSON.parse(row.value_json) as T);
}

export function writeState(db: ConsoleDatabase, key: string, value: unknown): void {
  db.sqlite
    .prepare('INSERT INTO quickbooks_sync_state (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json')
    .run(key, JSON.stringify(value));
}

/** One line of the sync page's log of what was sent and received (the API's own type). */
export type SyncLogEntry = QuickBooksLogEntry;

const LOG_KEPT = 5_000;

export function appendLog(db: ConsoleDatabase, entry: SyncLogEntry): void {
  const { lastInsertRowid } = db.sqlite
    .prepare('INSERT INTO quickbooks_sync_log (at_ms, direction, subject, outcome, quickbooks_id, detail, intuit_tid) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(entry.atMs, entry.direction, entry.subject, entry.outcome, entry.quickbooksId, entry.detail.slice(0, 2000), entry.intuitTid);
  if (Number(lastInsertRowid) % 500 === 0) db.sqlite.prepare('DELETE FROM quickbooks_sync_log WHERE entry_id <= ?').run(Number(lastInsertRowid) - LOG_KEPT);
}

export function recentLog(db: ConsoleDatabase, limit: number): SyncLogEntry[] {
  const rows = db.sqlite.prepare('SELECT * FROM quickbooks_sync_log ORDER BY entry_id DESC LIMIT ?').all(limit) as {
    at_ms: number;
    direction: 'out' | 'in';
    subject: string;
    outcome: SyncLogEntry['outcome'];
    quickbooks_id: string | null;
    detail: string;
    intuit_tid: string | null;
  }[];
  return rows.map((r) => ({ atMs: r.at_ms, direction: r.direction, subject: r.subject, outcome: r.outcome, quickbooksId: r.quickbooks_id, detail: r.detail, intuitTid: r.intuit_tid }));
}

export interface MirroredPhone {
  field: string;
  raw: string;
  e164: string | null;
}

export type MirroredCustomer = QuickBooksCustomersTable;

export function mirroredCustomer(db: ConsoleDatabase, quickbooksId: string): MirroredCustomer | undefined {
  return db.sqlite.prepare('SELECT * FROM quickbooks_customers WHERE quickbooks_id = ?').get(quickbooksId) as MirroredCustomer | undefined;
}

export function mirroredPhones(db: ConsoleDatabase, quickbooksId: string): MirroredPhone[] {
  return (db.sqlite.prepare('SELECT field, raw, phone_e164 FROM quickbooks_customer_phones WHERE quickbooks_id = ?').all(quickbooksId) as { field: string; raw: string; phone_e164: string | null }[]).map(
    (r) => ({ field: r.field, raw: r.raw, e164: r.phone_e164 }),
  );
}

/** Replaces what is known of one QuickBooks customer (its phones included). */
export function mirrorCustomer(db: ConsoleDatabase, customer: MirroredCustomer, phones: readonly MirroredPhone[]): void {
  db.sqlite.transaction(() => {
    db.sqlite
      .prepare(
        `INSERT INTO quickbooks_customers (quickbooks_id, customer_id, sync_token, display_name, email, active) VALUES (@quickbooks_id, @customer_id, @sync_token, @display_name, @email, @active)
         ON CONFLICT (quickbooks_id) DO UPDATE SET customer_id = excluded.customer_id, sync_token = excluded.sync_token, display_name = excluded.display_name, email = excluded.email, active = excluded.active`,
      )
      .run(customer);
    db.sqlite.prepare('DELETE FROM quickbooks_customer_phones WHERE quickbooks_id = ?').run(customer.quickbooks_id);
    const insert = db.sqlite.prepare('INSERT INTO quickbooks_customer_phones (quickbooks_id, field, raw, phone_e164) VALUES (?, ?, ?, ?)');
    for (const p of phones) insert.run(customer.quickbooks_id, p.field, p.raw, p.e164);
  })();
}

/** A deleted or merged-away customer: gone from the mirror, so its numbers no longer count as shared. */
export function forgetCustomer(db: ConsoleDatabase, quickbooksId: string): void {
  db.sqlite.prepare('DELETE FROM quickbooks_customer_phones WHERE quickbooks_id = ?').run(quickbooksId);
  db.sqlite.prepare('UPDATE quickbooks_customers SET active = 0 WHERE quickbooks_id = ?').run(quickbooksId);
}

/** The QuickBooks customer a Ringside customer is, if linked. */
export function quickbooksIdForCustomer(db: ConsoleDatabase, customerId: string): string | null {
  const row = db.sqlite.prepare('SELECT quickbooks_id FROM quickbooks_customers WHERE customer_id = ? ORDER BY active DESC LIMIT 1').get(customerId) as { quickbooks_id: string } | undefined;
  return row?.quickbooks_id ?? null;
}

/** The Ringside customer a QuickBooks customer is: a link made from Ringside, else its own Id. */
export function customerIdForQuickbooksId(db: ConsoleDatabase, quickbooksId: string): string {
  return mirroredCustomer(db, quickbooksId)?.customer_id ?? quickbooksId;
}

/** Numbers QuickBooks has that Ringside cannot use as they are, for a person to resolve (issue 4 §2). */
export function needsAttention(db: ConsoleDatabase): QuickBooksNeedsAttention[] {
  const unparseable = db.sqlite
    .prepare(
      `SELECT p.quickbooks_id, c.display_name, p.field, p.raw FROM quickbooks_customer_phones p JOIN quickbooks_customers c USING (quickbooks_id)
       WHERE p.phone_e164 IS NULL AND c.active = 1 ORDER BY c.display_name, p.field`,
    )
    .all() as { quickbooks_id: string; display_name: string; field: string; raw: string }[];
  const shared = db.sqlite
    .prepare(
      `SELECT p.phone_e164, p.quickbooks_id, c.display_name, p.field, p.raw FROM quickbooks_customer_phones p JOIN quickbooks_customers c USING (quickbooks_id)
       WHERE c.active = 1 AND p.phone_e164 IN (
         SELECT p2.phone_e164 FROM quickbooks_customer_phones p2 JOIN quickbooks_customers c2 USING (quickbooks_id)
         WHERE c2.active = 1 AND p2.phone_e164 IS NOT NULL GROUP BY p2.phone_e164 HAVING COUNT(DISTINCT p2.quickbooks_id) > 1)
       ORDER BY p.phone_e164, c.display_name`,
    )
    .all() as { phone_e164: string; quickbooks_id: string; display_name: string; field: string; raw: string }[];
  const noPhone = db.sqlite
    .prepare(
      `SELECT c.quickbooks_id, c.display_name FROM quickbooks_customers c WHERE c.active = 1
       AND NOT EXISTS (SELECT 1 FROM quickbooks_customer_phones p WHERE p.quickbooks_id = c.quickbooks_id AND p.phone_e164 IS NOT NULL)
       ORDER BY c.display_name`,
    )
    .all() as { quickbooks_id: string; display_name: string }[];
  const items: QuickBooksNeedsAttention[] = unparseable.map((r) => ({ kind: 'unparseable', quickbooksId: r.quickbooks_id, customerName: r.display_name, field: r.field, raw: r.raw, phone: null, sharedWith: [] }));
  const byPhone = new Map<string, typeof shared>();
  for (const r of shared) byPhone.set(r.phone_e164, [...(byPhone.get(r.phone_e164) ?? []), r]);
  for (const [phone, owners] of byPhone) {
    const distinct = [...new Map(owners.map((o) => [o.quickbooks_id, o])).values()];
    for (const o of distinct) {
      items.push({
        kind: 'shared',
        quickbooksId: o.quickbooks_id,
        customerName: o.display_name,
        field: o.field,
        raw: o.raw,
        phone,
        sharedWith: distinct.filter((x) => x.quickbooks_id !== o.quickbooks_id).map((x) => ({ quickbooksId: x.quickbooks_id, customerName: x.display_name })),
      });
    }
  }
  for (const r of noPhone) items.push({ kind: 'no_phone', quickbooksId: r.quickbooks_id, customerName: r.display_name, field: null, raw: null, phone: null, sharedWith: [] });
  return items;
}
