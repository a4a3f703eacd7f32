import type BetterSqlite3 from 'better-sqlite3';
import type { ConsoleDatabase } from '../db/open-console-database';

interface SearchIndexStatements {
  behind: BetterSqlite3.Statement;
  dropChangedText: BetterSqlite3.Statement;
  dropGoneKeys: BetterSqlite3.Statement;
  keyNewCustomers: BetterSqlite3.Statement;
  indexText: BetterSqlite3.Statement;
  clearQueue: BetterSqlite3.Statement;
  indexNewPhones: BetterSqlite3.Statement;
}

const prepared = new WeakMap<BetterSqlite3.Database, SearchIndexStatements>();

// The newest number already in phone_search: keys only grow, so the ones above it are new.
const INDEXED_PHONES = 'COALESCE((SELECT rowid FROM phone_search ORDER BY rowid DESC LIMIT 1), 0)';

function statements(sqlite: BetterSqlite3.Database): SearchIndexStatements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      behind: sqlite.prepare(
        `SELECT EXISTS (SELECT 1 FROM customer_search_pending) OR EXISTS (SELECT 1 FROM phone_search_keys WHERE search_rowid > ${INDEXED_PHONES}) AS behind`,
      ),
      dropChangedText: sqlite.prepare(
        'DELETE FROM customer_search WHERE rowid IN (SELECT k.search_rowid FROM customer_search_pending p JOIN customer_search_keys k ON k.customer_id = p.customer_id)',
      ),
      dropGoneKeys: sqlite.prepare(
        'DELETE FROM customer_search_keys WHERE customer_id IN (SELECT p.customer_id FROM customer_search_pending p WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = p.customer_id))',
      ),
      keyNewCustomers: sqlite.prepare(
        `INSERT INTO customer_search_keys (customer_id)
         SELECT p.customer_id FROM customer_search_pending p JOIN customers c ON c.customer_id = p.customer_id
         WHERE NOT EXISTS (SELECT 1 FROM customer_search_keys k WHERE k.customer_id = p.customer_id) ORDER BY p.customer_id`,
      ),
      indexText: sqlite.prepare(
        `INSERT INTO customer_search (rowid, name, company, email)
         SELECT k.search_rowid, c.name, COALESCE(c.company, ''), COALESCE(c.email, '')
         FROM customer_search_pending p JOIN customers c ON c.customer_id = p.customer_id JOIN customer_search_keys k ON k.customer_id = p.customer_id
         ORDER BY k.search_rowid`,
      ),
      clearQueue: sqlite.prepare('DELETE FROM customer_search_pending'),
      indexNewPhones: sqlite.prepare(
        `INSERT INTO phone_search (rowid, digits) SELECT search_rowid, substr(phone_e164, 2) FROM phone_search_keys WHERE search_rowid > ${INDEXED_PHONES} ORDER BY search_rowid`,
      ),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

/**
 * Takes the customers and numbers the projection changed since the last search into
 * the FTS5 indexes (migration 0400 queues them), in one transaction of bulk
 * statements: a search never reads an index that lags the projection. Answers
 * whether there was anything to take in.
 */
export function bringSearchIndexUpToDate(db: ConsoleDatabase): boolean {
  const s = statements(db.sqlite);
  if ((s.behind.get() as { behind: number }).behind === 0) return false;
  db.sqlite.transaction(() => {
    s.dropChangedText.run();
    s.dropGoneKeys.run();
    s.keyNewCustomers.run();
    s.indexText.run();
    s.clearQueue.run();
    s.indexNewPhones.run();
  })();
  return true;
}
