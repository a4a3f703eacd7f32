import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The provider's contacts (OpenPhone contact.updated / deleted): a name for a number no
  // customer has. The caller card still reads Ringside's own customers (spec §1.11).
  await db.schema
    .createTable('contacts')
    .addColumn('contact_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text')
    .addColumn('company', 'text')
    .addColumn('emails_json', 'text', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contact_phones')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_phones_pk', ['contact_id', 'phone_e164'])
    .execute();
  await sql`CREATE INDEX contact_phones_by_phone ON contact_phones (phone_e164)`.execute(db);
}
