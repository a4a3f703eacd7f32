import type BetterSqlite3 from 'better-sqlite3';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';

// A catch-up upserts every customer: the statements are prepared once per database.
const cache = new WeakMap<ConsoleDatabase, { upsert: BetterSqlite3.Statement; remove: BetterSqlite3.Statement }>();

function statementsOf(db: ConsoleDatabase): { upsert: BetterSqlite3.Statement; remove: BetterSqlite3.Statement } {
  let held = cache.get(db);
  if (!held) {
    held = {
      upsert: db.sqlite.prepare(
        `INSERT INTO customer_details (customer_id, emails_json, quickbooks_id, updated_seq, address, notes) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET emails_json = excluded.emails_json, quickbooks_id = excluded.quickbooks_id, updated_seq = excluded.updated_seq,
           address = excluded.address, notes = excluded.notes`,
      ),
      remove: db.sqlite.prepare('DELETE FROM customer_details WHERE customer_id = ?'),
    };
    cache.set(db, held);
  }
  return held;
}

/**
 * What the customers rows do not hold (further emails, the QuickBooks link), and merges.
 * A merge is made only when billing allowed it (billing-projection.ts answers that in the
 * same transaction), so the customer list and the accounts always agree on every console.
 */
export function projectCustomerDetails(db: ConsoleDatabase, seq: number, event: RingsideEvent, merged: readonly { fromCustomerId: string; intoCustomerId: string }[]): void {
  switch (event.type) {
    case 'customer.upserted': {
      const d = event.data;
      // Events built in memory without the schema's defaults (tests, tools) may lack the field.
      const emails = (d.emails as string[] | undefined) ?? [];
      statementsOf(db).upsert.run(d.customerId, JSON.stringify(emails.filter((email) => email !== d.email)), d.quickbooksId, seq, (d.address as string | null | undefined) ?? null, (d.notes as string | undefined) ?? '');
      return;
    }
    case 'customer.removed':
      statementsOf(db).remove.run(event.data.customerId);
      db.sqlite.prepare('DELETE FROM customer_suggestion_dismissals WHERE customer_id = ?').run(event.data.customerId);
      return;
    case 'customer.suggestion_dismissed':
      db.sqlite
        .prepare('INSERT OR IGNORE INTO customer_suggestion_dismissals (customer_id, suggestion_key, by_whom, seq) VALUES (?, ?, ?, ?)')
        .run(event.data.customerId, event.data.suggestionKey, event.data.by, seq);
      return;
    case 'customer.merged':
      for (const m of merged) mergeCustomerRows(db, seq, m.fromCustomerId, m.intoCustomerId);
      return;
    default:
      return;
  }
}

interface CustomerFacts {
  email: string | null;
  emails: string[];
  quickbooksId: string | null;
  address: string | null;
  notes: string;
}

function factsOf(db: ConsoleDatabase, customerId: string): CustomerFacts | null {
  const row = db.sqlite
    .prepare('SELECT c.email, d.emails_json, d.quickbooks_id, d.address, d.notes FROM customers c LEFT JOIN customer_details d ON d.customer_id = c.customer_id WHERE c.customer_id = ?')
    .get(customerId) as { email: string | null; emails_json: string | null; quickbooks_id: string | null; address: string | null; notes: string | null } | undefined;
  if (!row) return null;
  return { email: row.email, emails: row.emails_json ? (JSON.parse(row.emails_json) as string[]) : [], quickbooksId: row.quickbooks_id, address: row.address, notes: row.notes ?? '' };
}

/**
 * The first customer's numbers and emails move to the second, who becomes the newest owner
 * of them; the kept customer's address wins (the first's fills a blank one), both notes are
 * kept, and what was dismissed for either stays dismissed. The first is gone.
 */
function mergeCustomerRows(db: ConsoleDatabase, seq: number, fromId: string, intoId: string): void {
  const from = factsOf(db, fromId);
  const into = factsOf(db, intoId);
  if (!from || !into) return;
  const s = db.sqlite;
  s.prepare('INSERT OR IGNORE INTO customer_phones (customer_id, phone_e164) SELECT ?, phone_e164 FROM customer_phones WHERE customer_id = ?').run(intoId, fromId);
  s.prepare('DELETE FROM customer_phones WHERE customer_id = ?').run(fromId);
  const primary = into.email ?? from.email;
  const emails = [...new Set([into.email, ...into.emails, from.email, ...from.emails].filter((e): e is string => e !== null && e !== primary))];
  s.prepare('UPDATE customers SET email = ?, updated_seq = ? WHERE customer_id = ?').run(primary, seq, intoId);
  const notes = [into.notes, from.notes].filter((n) => n !== '').join('\n\n');
  s.prepare(
    `INSERT INTO customer_details (customer_id, emails_json, quickbooks_id, updated_seq, address, notes) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET emails_json = excluded.emails_json, quickbooks_id = excluded.quickbooks_id, updated_seq = excluded.updated_seq,
       address = excluded.address, notes = excluded.notes`,
  ).run(intoId, JSON.stringify(emails), into.quickbooksId ?? from.quickbooksId, seq, into.address ?? from.address, notes);
  s.prepare('INSERT OR IGNORE INTO customer_suggestion_dismissals (customer_id, suggestion_key, by_whom, seq) SELECT ?, suggestion_key, by_whom, seq FROM customer_suggestion_dismissals WHERE customer_id = ?').run(intoId, fromId);
  s.prepare('DELETE FROM customer_suggestion_dismissals WHERE customer_id = ?').run(fromId);
  s.prepare('UPDATE subscriptions SET customer_id = ? WHERE customer_id = ?').run(intoId, fromId);
  s.prepare('DELETE FROM customer_details WHERE customer_id = ?').run(fromId);
  s.prepare('DELETE FROM customers WHERE customer_id = ?').run(fromId);
}
