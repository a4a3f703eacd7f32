import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 12: a customer's address (one text, lines separated by newlines) and the team's
  // notes about them, from customer.upserted. Rows projected before have none.
  await sql`ALTER TABLE customer_details ADD COLUMN address TEXT`.execute(db);
  await sql`ALTER TABLE customer_details ADD COLUMN notes TEXT NOT NULL DEFAULT ''`.execute(db);
}
