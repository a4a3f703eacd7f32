import type { CustomerSummary } from '../../shared/api/contract';
import { accountViewAt } from '../billing/engine/account-view';
import type { AccountState } from '../billing/engine/book';
import { readCatalog } from '../billing/queries/account-standing';
import type { ConsoleDatabase } from '../db/open-console-database';

/** Trigrams need three characters; shorter queries match the start of a name instead. */
const SHORTEST_INDEXED = 3;

const COLUMNS = `c.customer_id, c.name, c.company, c.email, a.state_json,
  (SELECT json_group_array(phone_e164) FROM (SELECT phone_e164 FROM customer_phones WHERE customer_id = c.customer_id ORDER BY phone_e164)) AS phones_json`;
const ORDER = 'ORDER BY c.name COLLATE NOCASE, c.customer_id LIMIT ?';

/**
 * The one statement a query runs: from the FTS5 index (migration 0400) when it is
 * long enough, by the start of the name when it is shorter, everyone by name when
 * empty. The text is found inside names, companies and emails; its digits (3 or
 * more, whatever the punctuation around them) inside the digits of any number.
 * Numbers, plan and time left come in the same statement (no query per customer).
 */
export function customerSearchStatement(query: string): { sql: string; params: string[] } {
  const text = query.trim();
  const withAccounts = 'LEFT JOIN billing_accounts a ON a.customer_id = c.customer_id';
  if (text === '') return { sql: `SELECT ${COLUMNS} FROM customers c ${withAccounts} ${ORDER}`, params: [] };
  if ([...text].length < SHORTEST_INDEXED) {
    const prefix = `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return { sql: `SELECT ${COLUMNS} FROM customers c ${withAccounts} WHERE c.name LIKE ? ESCAPE '\\' ${ORDER}`, params: [prefix] };
  }
  const digits = text.replace(/\D/g, '');
  const phrase = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const match = [`{name company email} : ${phrase(text)}`, ...(digits.length >= SHORTEST_INDEXED ? [`phones : ${phrase(digits)}`] : [])].join(' OR ');
  return {
    sql: `SELECT ${COLUMNS} FROM customer_search s
          JOIN customer_search_keys k ON k.search_rowid = s.rowid
          JOIN customers c ON c.customer_id = k.customer_id
          ${withAccounts}
          WHERE customer_search MATCH ? ${ORDER}`,
    params: [match],
  };
}

/** Customers matching `query`, by name, each with their numbers and plan and time left at `now`. */
export async function searchCustomers(db: ConsoleDatabase, input: { query: string; limit: number }, now: Date): Promise<CustomerSummary[]> {
  const { sql, params } = customerSearchStatement(input.query);
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
