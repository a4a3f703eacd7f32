import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Customer search: FTS5 indexes of names, companies and emails, and of the digits of
  // every number. The trigram tokenizer matches any part of a word or a number (like
  // the LIKE '%q%' it replaces, but from an index), case- and accent-blind. A number is
  // indexed as its E.164 digits, so "617 555 0100", "(617) 555-0100" and
  // "+16175550100" all come down to digits found inside "16175550100".
  await sql`CREATE VIRTUAL TABLE customer_search USING fts5(name, company, email, tokenize = 'trigram remove_diacritics 1')`.execute(db);
  await sql`CREATE VIRTUAL TABLE phone_search USING fts5(digits, tokenize = 'trigram')`.execute(db);
  // FTS5 rows are keyed by integer; customers and their numbers by text. These tables
  // give each a stable integer key (a text-keyed table's own rowid may change on VACUUM).
  await db.schema
    .createTable('customer_search_keys')
    .addColumn('search_rowid', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('phone_search_keys')
    .addColumn('search_rowid', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addUniqueConstraint('phone_search_keys_by_phone', ['customer_id', 'phone_e164'])
    .execute();
  await db.schema.createTable('customer_search_pending').addColumn('customer_id', 'text', (c) => c.primaryKey().notNull()).execute();

  // Triggers note every change the projection writes, in its transaction, at the cost
  // of a B-tree insert. They do not write the FTS5 tables themselves: inside a trigger
  // FTS5 flushes a segment to disk per statement, which made a catch-up of 100,000
  // customers 6 times slower. The search takes the noted changes into the index in
  // bulk before it reads (src/main/customers/search-index.ts).
  // - a customer whose name, company or email changed (or who came or went) is queued;
  // - a (customer, number) pair is keyed once, the first time it is written, and never
  //   deleted: the projection rewrites a customer's whole phone set on every upsert,
  //   and a search keeps only pairs still in customer_phones (an index seek).
  // (No INSERT OR IGNORE inside them: an outer statement's conflict policy overrides it.)
  const queue = (customerId: string) =>
    `INSERT INTO customer_search_pending (customer_id) SELECT ${customerId} WHERE NOT EXISTS (SELECT 1 FROM customer_search_pending WHERE customer_id = ${customerId})`;
  await sql.raw(`CREATE TRIGGER customer_search_on_customer_insert AFTER INSERT ON customers BEGIN ${queue('new.customer_id')}; END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER customer_search_on_customer_update AFTER UPDATE OF name, company, email ON customers
       WHEN old.name IS NOT new.name OR old.company IS NOT new.company OR old.email IS NOT new.email BEGIN ${queue('new.customer_id')}; END`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER customer_search_on_customer_delete AFTER DELETE ON customers BEGIN ${queue('old.customer_id')}; END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER phone_search_on_phone_insert AFTER INSERT ON customer_phones
       WHEN NOT EXISTS (SELECT 1 FROM phone_search_keys WHERE customer_id = new.customer_id AND phone_e164 = new.phone_e164) BEGIN
         INSERT INTO phone_search_keys (customer_id, phone_e164) VALUES (new.customer_id, new.phone_e164);
       END`,
    )
    .execute(db);

  // The customers and numbers already projected, indexed by the first search.
  await sql`INSERT INTO customer_search_pending (customer_id) SELECT customer_id FROM customers`.execute(db);
  await sql`INSERT INTO phone_search_keys (customer_id, phone_e164) SELECT customer_id, phone_e164 FROM customer_phones ORDER BY customer_id, phone_e164`.execute(db);
  // The list without a query, and queries too short for trigrams, go by name.
  await sql`CREATE INDEX customers_by_name ON customers (name COLLATE NOCASE, customer_id)`.execute(db);
}
