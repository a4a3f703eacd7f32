import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Customer search: an FTS5 index of names, companies, emails and the digits of every
  // number. The trigram tokenizer matches any part of a word or a number (like the
  // LIKE '%q%' it replaces, but from the index), case- and accent-blind. A number is
  // indexed as its E.164 digits, so "617 555 0100", "(617) 555-0100" and
  // "+16175550100" all come down to digits found inside "16175550100".
  await sql`CREATE VIRTUAL TABLE customer_search USING fts5(name, company, email, phones, tokenize = 'trigram remove_diacritics 1')`.execute(db);
  // FTS5 rows are keyed by integer; customers by text. This table gives each customer
  // a stable integer key (a text-keyed table's own rowid may change on VACUUM).
  await db.schema
    .createTable('customer_search_keys')
    .addColumn('search_rowid', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().unique())
    .execute();

  // Triggers keep the index in step with the projection's own writes, in the same
  // transaction, whatever order a customer's row and numbers are written in. (No
  // INSERT OR IGNORE inside them: an outer upsert's conflict policy would override it.)
  const key = (customerId: string) => `(SELECT search_rowid FROM customer_search_keys WHERE customer_id = ${customerId})`;
  const phoneDigits = (customerId: string) =>
    `COALESCE((SELECT group_concat(substr(phone_e164, 2), ' ') FROM customer_phones WHERE customer_id = ${customerId}), '')`;
  const writeRow = (customerId: string) => `
    INSERT INTO customer_search_keys (customer_id) SELECT ${customerId} WHERE ${key(customerId)} IS NULL;
    DELETE FROM customer_search WHERE rowid = ${key(customerId)};
    INSERT INTO customer_search (rowid, name, company, email, phones)
      SELECT c.rowid_key, c.name, COALESCE(c.company, ''), COALESCE(c.email, ''), ${phoneDigits(customerId)}
      FROM (SELECT ${key(customerId)} AS rowid_key, name, company, email FROM customers WHERE customer_id = ${customerId}) c;`;
  await sql.raw(`CREATE TRIGGER customer_search_on_customer_insert AFTER INSERT ON customers BEGIN ${writeRow('new.customer_id')} END`).execute(db);
  await sql.raw(`CREATE TRIGGER customer_search_on_customer_update AFTER UPDATE ON customers BEGIN ${writeRow('new.customer_id')} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customer_search_on_customer_delete AFTER DELETE ON customers BEGIN
         DELETE FROM customer_search WHERE rowid = ${key('old.customer_id')};
         DELETE FROM customer_search_keys WHERE customer_id = old.customer_id;
       END`,
    )
    .execute(db);
  for (const [event, row] of [
    ['INSERT', 'new'],
    ['DELETE', 'old'],
  ] as const) {
    await sql
      .raw(
        `CREATE TRIGGER customer_search_on_phone_${event.toLowerCase()} AFTER ${event} ON customer_phones BEGIN
           UPDATE customer_search SET phones = ${phoneDigits(`${row}.customer_id`)} WHERE rowid = ${key(`${row}.customer_id`)};
         END`,
      )
      .execute(db);
  }

  // The customers already projected.
  await sql`INSERT INTO customer_search_keys (customer_id) SELECT customer_id FROM customers ORDER BY customer_id`.execute(db);
  await sql
    .raw(
      `INSERT INTO customer_search (rowid, name, company, email, phones)
       SELECT k.search_rowid, c.name, COALESCE(c.company, ''), COALESCE(c.email, ''), ${phoneDigits('c.customer_id')}
       FROM customers c JOIN customer_search_keys k ON k.customer_id = c.customer_id`,
    )
    .execute(db);
  // The list without a query, and queries too short for trigrams, go by name.
  await sql`CREATE INDEX customers_by_name ON customers (name COLLATE NOCASE, customer_id)`.execute(db);
}
