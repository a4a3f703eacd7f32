import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead. Kysely<any>, not
// the app's Database type, so a later schema change cannot alter what this migration did.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company', 'text')
    .addColumn('email', 'text')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('customer_phones')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_phones_pk', ['customer_id', 'phone_e164'])
    .execute();
  await db.schema.createIndex('customer_phones_by_phone').on('customer_phones').column('phone_e164').execute();
}
