import type { QuickBooksLogEntry, QuickBooksNeedsAttention } from '../../shared/api/quickbooks';
import type { ConsoleDatabase } from '../db/open-console-database';
import { allNow, firstNow } from '../db/query-now';
import type { QuickBooksCustomersTable } from '../db/schema';

/**
 * The sync's own tables (migration 0200): cursors and settings, the log of what was sent,
 * and the mirror of QuickBooks customers with every phone as written there. Reads go
 * through kysely's typed builder (none is on a measured hot path: the push benchmark's
 * statements are the outbox's); writes are plain statements.
 */

/** The keys of quickbooks_sync_state. */
/** `rereadCursor`: the cursor the last full re-read wrote; CDC refusing that one again is no old cursor (sync-passes.ts). */
export const SYNC_STATE = { settings: 'settings', cursor: 'cdc_cursor', rereadCursor: 'cdc_reread_cursor', lastOut: 'last_sync_out', lastIn: 'last_sync_in', imported: 'customers_imported' } as const;

export function readState<T>(db: ConsoleDatabase, key: string, fallback: T): T {
  const row = firstNow(db, db.kysely.selectFrom('quickbooks_sync_state').select('value_json').where('key', '=', key));
  return row === undefined ? fallback : (JSON.parse(row.value_json) as T);
}

export function writeState(db: ConsoleDatabase, key: string, value: unknown): void {
  db.sqlite
    .prepare('INSERT INTO quickbooks_sync_state (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json')
    .run(key, JSON.stringify(value));
}

const LOG_KEPT = 5_000;

export function appendLog(db: ConsoleDatabase, entry: QuickBooksLogEntry): void {
  const { lastInsertRowid } = db.sqlite
    .prepare('INSERT INTO quickbooks_sync_log (at_ms, direction, subject, outcome, quickbooks_id, detail, intuit_tid) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(entry.atMs, entry.direction, entry.subject, entry.outcome, entry.quickbooksId, entry.detail.slice(0, 2000), entry.intuitTid);
  if (Number(lastInsertRowid) % 500 === 0) db.sqlite.prepare('DELETE FROM quickbooks_sync_log WHERE entry_id <= ?').run(Number(lastInsertRowid) - LOG_KEPT);
}

export function recentLog(db: ConsoleDatabase, limit: number): QuickBooksLogEntry[] {
  const rows = allNow(db, db.kysely.selectFrom('quickbooks_sync_log').selectAll().orderBy('entry_id', 'desc').limit(limit));
  // direction and outcome are written only by appendLog, from the API's own unions.
  return rows.map((r) => ({
    atMs: r.at_ms,
    direction: r.direction as QuickBooksLogEntry['direction'],
    subject: r.subject,
    outcome: r.outcome as QuickBooksLogEntry['outcome'],
    quickbooksId: r.quickbooks_id,
    detail: r.detail,
    intuitTid: r.intuit_tid,
  }));
}

export interface MirroredPhone {
  field: string;
  raw: string;
  e164: string | null;
}

export type MirroredCustomer = QuickBooksCustomersTable;

export function mirroredCustomer(db: ConsoleDatabase, quickbooksId: string): MirroredCustomer | undefined {
  return firstNow(db, db.kysely.selectFrom('quickbooks_customers').selectAll().where('quickbooks_id', '=', quickbooksId));
}

export function mirroredPhones(db: ConsoleDatabase, quickbooksId: string): MirroredPhone[] {
  const rows = allNow(db, db.kysely.selectFrom('quickbooks_customer_phones').select(['field', 'raw', 'phone_e164']).where('quickbooks_id', '=', quickbooksId));
  return rows.map((r) => ({ field: r.field, raw: r.raw, e164: r.phone_e164 }));
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
  const row = firstNow(db, db.kysely.selectFrom('quickbooks_customers').select('quickbooks_id').where('customer_id', '=', customerId).orderBy('active', 'desc').limit(1));
  return row?.quickbooks_id ?? null;
}

/** The Ringside customer a QuickBooks customer is: a link made from Ringside, else its own Id. */
export function customerIdForQuickbooksId(db: ConsoleDatabase, quickbooksId: string): string {
  return mirroredCustomer(db, quickbooksId)?.customer_id ?? quickbooksId;
}

/** Numbers QuickBooks has that Ringside cannot use as they are, for a person to resolve (issue 4 §2). */
export function needsAttention(db: ConsoleDatabase): QuickBooksNeedsAttention[] {
  const activePhones = db.kysely
    .selectFrom('quickbooks_customer_phones as p')
    .innerJoin('quickbooks_customers as c', 'c.quickbooks_id', 'p.quickbooks_id')
    .where('c.active', '=', 1);
  const unparseable = allNow(db, activePhones.select(['p.quickbooks_id', 'c.display_name', 'p.field', 'p.raw']).where('p.phone_e164', 'is', null).orderBy('c.display_name').orderBy('p.field'));
  const sharedNumbers = db.kysely
    .selectFrom('quickbooks_customer_phones as p2')
    .innerJoin('quickbooks_customers as c2', 'c2.quickbooks_id', 'p2.quickbooks_id')
    .select('p2.phone_e164')
    .where('c2.active', '=', 1)
    .where('p2.phone_e164', 'is not', null)
    .groupBy('p2.phone_e164')
    .having((eb) => eb.fn.count('p2.quickbooks_id').distinct(), '>', 1);
  const shared = allNow(
    db,
    activePhones
      .select(['p.phone_e164', 'p.quickbooks_id', 'c.display_name', 'p.field', 'p.raw'])
      .where('p.phone_e164', 'in', sharedNumbers)
      .$narrowType<{ phone_e164: string }>()
      .orderBy('p.phone_e164')
      .orderBy('c.display_name'),
  );
  const noPhone = allNow(
    db,
    db.kysely
      .selectFrom('quickbooks_customers as c')
      .select(['c.quickbooks_id', 'c.display_name'])
      .where('c.active', '=', 1)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('quickbooks_customer_phones as p').select('p.quickbooks_id').whereRef('p.quickbooks_id', '=', 'c.quickbooks_id').where('p.phone_e164', 'is not', null))),
      )
      .orderBy('c.display_name'),
  );
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
