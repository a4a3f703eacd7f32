import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 12: every relay.alert raised or cleared, for the Operations page's list of
  // recent alerts (relay_alerts keeps only the open ones, for the banner).
  await db.schema
    .createTable('alert_history')
    .addColumn('seq', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('channels_json', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_history_by_alert').on('alert_history').columns(['alert_id', 'seq']).execute();
  // Team-wide acknowledgement (alert.acknowledged): an open alert acknowledged after its
  // latest raising is hidden from every console's banner until it is raised again.
  await db.schema
    .createTable('alert_acknowledgements')
    .addColumn('seq', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('by_whom', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_acknowledgements_by_alert').on('alert_acknowledgements').columns(['alert_id', 'seq']).execute();
}
