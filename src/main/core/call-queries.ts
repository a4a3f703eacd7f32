import { sql } from 'kysely';
import type { CallHistoryRow } from '../../shared/api/contract';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * The live view looks at calls started this recently: a call still ringing after
 * that lost its completion webhook, and no support call lasts longer.
 */
export const LIVE_WINDOW_MS = 6 * 3600_000;
/** Ended calls stay in the live view this long. */
export const RECENTLY_ENDED_MS = 10 * 60_000;

/** Is a call one the live view shows at `nowMs`? */
export function isLiveCall(call: { startedAtMs: number; completedAtMs: number | null }, nowMs: number): boolean {
  return call.startedAtMs >= nowMs - LIVE_WINDOW_MS && (call.completedAtMs === null || call.completedAtMs >= nowMs - RECENTLY_ENDED_MS);
}

/** Ids of calls ringing, in progress, or ended in the last minutes, newest first. */
export async function liveCallIds(db: ConsoleDatabase, now: Date): Promise<string[]> {
  const nowMs = now.getTime();
  const rows = await db.kysely
    .selectFrom('calls')
    .select(['call_id', 'started_at_ms'])
    .where('started_at_ms', '>=', nowMs - LIVE_WINDOW_MS)
    .where((eb) => eb.or([eb('status', '=', 'ringing'), eb('completed_at_ms', '>=', nowMs - RECENTLY_ENDED_MS)]))
    .orderBy('started_at_ms', 'desc')
    .execute();
  return rows.map((r) => r.call_id);
}

/** Calls newest first, each with the name of the customer its number belongs to now. */
export async function callHistory(db: ConsoleDatabase, input: { limit: number; beforeStartedAt?: string | undefined }): Promise<CallHistoryRow[]> {
  let query = db.kysely
    .selectFrom('calls')
    .select(['call_id', 'direction', 'external_e164', 'business_e164', 'started_at_ms', 'answered_at_ms', 'duration_seconds'])
    .select((eb) =>
      eb
        .selectFrom('customer_phones as p')
        .innerJoin('customers as c', 'c.customer_id', 'p.customer_id')
        .select('c.name')
        .whereRef('p.phone_e164', '=', sql.ref('calls.external_e164'))
        .orderBy('c.updated_seq', 'desc')
        .limit(1)
        .as('customer_name'),
    );
  if (input.beforeStartedAt !== undefined) {
    const before = Date.parse(input.beforeStartedAt);
    if (Number.isNaN(before)) throw new Error(`beforeStartedAt ${input.beforeStartedAt} is not an instant`);
    query = query.where('started_at_ms', '<', before);
  }
  const rows = await query.orderBy('started_at_ms', 'desc').limit(input.limit).execute();
  return rows.map((r) => ({
    callId: r.call_id,
    direction: r.direction,
    number: r.external_e164,
    businessNumber: r.business_e164,
    customerName: r.customer_name ?? null,
    startedAt: new Date(r.started_at_ms).toISOString(),
    answeredAt: r.answered_at_ms === null ? null : new Date(r.answered_at_ms).toISOString(),
    durationSeconds: r.duration_seconds ?? 0,
  }));
}
