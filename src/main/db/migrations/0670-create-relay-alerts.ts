import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The relay's raised alerts (relay.alert); a cleared one is deleted.
  await db.schema
    .createTable('relay_alerts')
    .addColumn('alert_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raised_at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
}
