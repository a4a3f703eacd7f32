import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The people behind a provider's user ids (provider.directory_synced): each sync replaces its provider's rows.
  await db.schema
    .createTable('provider_users')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('provider_users_pk', ['provider', 'provider_user_id'])
    .execute();
  // Calls and texts name a user by id alone: looked up by it.
  await db.schema.createIndex('provider_users_by_id').on('provider_users').column('provider_user_id').execute();
  // The business's lines: the name the provider lists (synced_name, from the last sync that listed the
  // line) and the one an admin gave it (defined_name, line.defined); the synced one wins where there is one.
  await db.schema
    .createTable('business_lines')
    .addColumn('number_e164', 'text', (c) => c.primaryKey().notNull())
    .addColumn('provider', 'text')
    .addColumn('provider_line_id', 'text')
    .addColumn('synced_name', 'text')
    .addColumn('defined_name', 'text')
    .addColumn('user_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_seq', 'integer', (c) => c.notNull())
    .execute();
}
