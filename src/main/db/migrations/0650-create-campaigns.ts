import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Bulk outgoing messages grouped (the provider's campaign marker, else the console's
  // campaign rule, src/main/messages/campaign-rule.ts); counts kept up to date by the projection.
  await db.schema
    .createTable('campaigns')
    .addColumn('campaign_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('business_e164', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('responses', 'integer', (c) => c.notNull())
    .addColumn('first_sent_at_ms', 'integer', (c) => c.notNull())
    .addColumn('last_sent_at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_by_last_sent').on('campaigns').column('last_sent_at_ms').execute();
}
