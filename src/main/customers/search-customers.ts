import type { CustomerSummary } from '../../shared/api/contract';
import type { Page } from '../../shared/api/page';
import { accountViewAt } from '../../shared/billing/engine/account-view';
import type { AccountState } from '../../shared/billing/engine/book';
import { readCatalog } from '../billing/queries/account-standing';
import type { ConsoleDatabase } from '../db/open-console-database';
import { bringSearchIndexUpToDate } from './search-index';

/** Trigrams need three characters; shorter queries match the start of a name instead. */
const SHORTEST_INDEXED = 3;

/** Where the previous page ended: its last row's name and id (names repeat; the pair does not). */
export interface CustomerCursor {
  name: string;
  id: string;
}

/**
 * The page of customer ids first (sorted by name alone), then their numbers and
 * accounts for that page only: a query matching 100,000 customers sorts 100,000
 * names, not 100,000 phone lists. After a cursor, the page starts past its (name, id)
 * in the same order, so customers sharing a name are never lost at a page edge.
 */
function pageOf(from: string, where: string | null, after: boolean): string {
  // The plain bound lets SQLite seek the name index; the pair decides among equal names.
  const conditions = [where, after ? 'c.name COLLATE NOCASE >= ? AND (c.name COLLATE NOCASE, c.customer_id) > (?, ?)' : null].filter((c) => c !== null);
  const matching = `SELECT c.customer_id, c.name ${from}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
  // CROSS JOIN keeps SQLite from driving the outer query from a scan of customers.
  return `WITH page AS (${matching} ORDER BY c.name COLLATE NOCASE, c.customer_id LIMIT ?)
    SELECT c.customer_id, c.name, c.company, c.email, a.state_json,
      (SELECT json_group_array(phone_e164) FROM (SELECT phone_e164 FROM customer_phones WHERE customer_id = c.customer_id ORDER BY phone_e164)) AS phones_json
    FROM page CROSS JOIN customers c ON c.customer_id = page.customer_id
    LEFT JOIN billing_accounts a ON a.customer_id = c.customer_id
    ORDER BY page.name COLLATE NOCASE, page.customer_id`;
}

/** The customers a query matches: where they come from, and what narrows them (null: everyone). */
function matchesOf(query: string): { from: string; where: string | null; params: string[] } {
  const text = query.trim();
  if (text === '') return { from: 'FROM customers c', where: null, params: [] };
  if ([...text].length < SHORTEST_INDEXED) {
    const prefix = `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return { from: 'FROM customers c', where: `c.name LIKE ? ESCAPE '\\'`, params: [prefix] };
  }
  const phrase = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const digits = text.replace(/\D/g, '');
  const byText = `SELECT k.customer_id FROM customer_search s JOIN customer_search_keys k ON k.search_rowid = s.rowid WHERE customer_search MATCH ?`;
  // Pairs indexed once stay in the index; only numbers the customer still has count.
  const byPhone = `SELECT pk.customer_id FROM phone_search p JOIN phone_search_keys pk ON pk.search_rowid = p.rowid
    JOIN customer_phones cp ON cp.customer_id = pk.customer_id AND cp.phone_e164 = pk.phone_e164 WHERE phone_search MATCH ?`;
  const hits = digits.length >= SHORTEST_INDEXED ? `${byText} UNION ${byPhone}` : byText;
  return {
    from: `FROM (${hits}) h JOIN customers c ON c.customer_id = h.customer_id`,
    where: null,
    params: digits.length >= SHORTEST_INDEXED ? [phrase(text), phrase(digits)] : [phrase(text)],
  };
}

/**
 * The one statement a query runs: from the FTS5 indexes (migration 0400) when it is
 * long enough, by the start of the name when it is shorter, everyone by name when
 * empty. The text is found inside names, companies and emails; its digits (3 or
 * more, whatever the punctuation around them) inside the digits of any number the
 * customer has now. Numbers, plan and time left come in the same statement.
 */
export function customerSearchStatement(query: string, after?: CustomerCursor): { sql: string; params: string[] } {
  const { from, where, params } = matchesOf(query);
  return { sql: pageOf(from, where, after !== undefined), params: after ? [...params, after.name, after.name, after.id] : params };
}

/** How many customers a query matches, all pages together. */
function countMatches(db: ConsoleDatabase, query: string): number {
  const { from, where, params } = matchesOf(query);
  const row = db.sqlite.prepare(`SELECT COUNT(*) AS n ${from}${where ? ` WHERE ${where}` : ''}`).get(...params) as { n: number };
  return row.n;
}

/** Customers matching `query`, by name, each with their numbers and plan and time left at `now`. */
export async function searchCustomers(db: ConsoleDatabase, input: { query: string; limit: number; after?: CustomerCursor | undefined }, now: Date): Promise<CustomerSummary[]> {
  bringSearchIndexUpToDate(db);
  const { sql, params } = customerSearchStatement(input.query, input.after);
  const rows = db.sqlite.prepare(sql).all(...params, input.limit) as {
    customer_id: string;
    name: string;
    company: string | null;
    email: string | null;
    state_json: string | null;
    phones_json: string;
  }[];
  const catalog = rows.some((r) => r.state_json !== null) ? readCatalog(db) : null;
  return rows.map((r) => {
    const subscription = catalog && r.state_json ? accountViewAt(catalog, JSON.parse(r.state_json) as AccountState, now.getTime()).subscription : null;
    const active = subscription !== null && subscription.state === 'active' && subscription.plan !== null;
    return {
      id: r.customer_id,
      name: r.name,
      company: r.company,
      email: r.email,
      phones: JSON.parse(r.phones_json) as string[],
      planName: active ? (subscription.plan?.name ?? null) : null,
      remainingSeconds: active ? subscription.remainingSeconds : null,
    };
  });
}

/** A page of the customers matching `query` and how many match in all ("1,500 customers"). */
export async function customersPage(db: ConsoleDatabase, input: { query: string; limit: number; after?: CustomerCursor | undefined }, now: Date): Promise<Page<CustomerSummary>> {
  const rows = await searchCustomers(db, input, now);
  return { rows, total: countMatches(db, input.query) };
}
