import type { Kysely } from 'kysely';

// Frozen in time: never edit after release; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 13: why the AI voice agent (Vapi) took or refused a call (call.assistant_decided),
  // one per call, shown in the call's detail.
  await db.schema
    .createTable('call_assistant_decisions')
    .addColumn('call_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('included_seconds_remaining', 'integer')
    .addColumn('wallet_balance_minor', 'integer')
    .addColumn('currency', 'text')
    .addColumn('decided_at_ms', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
}
