import { sql } from 'kysely';
import type { CallHistoryRow } from '../../shared/api/contract';
import { readCallStatus } from '../communications/call-status';
import { answeredByNameSql } from '../communications/directory-names';
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

/** Where the previous page of the history ended: its last row's start and id (a start alone is not unique). */
export interface CallHistoryCursor {
  startedAt: string;
  callId: string;
}

/**
 * Calls newest first, each with the name of the customer its number belongs to now, its
 * status by the Communications page's rule (never missed while it rings or goes on) and
 * who answered it, by name.
 * Ordered by (start, call id) and paged on that pair, so calls that started in the
 * same millisecond are never split away at a page edge.
 */
export async function callHistory(db: ConsoleDatabase, input: { limit: number; before?: CallHistoryCursor | undefined }, nowMs = Date.now()): Promise<CallHistoryRow[]> {
  let query = db.kysely
    .selectFrom('calls')
    .leftJoin('call_artifacts as a', 'a.call_id', 'calls.call_id')
    .select(['calls.call_id', 'direction', 'external_e164', 'business_e164', 'started_at_ms', 'answered_at_ms', 'completed_at_ms', 'duration_seconds', 'calls.status as call_status', 'a.status'])
    .select(sql<string | null>`${sql.raw(answeredByNameSql('a.answered_by'))}`.as('answered_by_name'))
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
  if (input.before !== undefined) {
    const before = Date.parse(input.before.startedAt);
    if (Number.isNaN(before)) throw new Error(`before.startedAt ${input.before.startedAt} is not an instant`);
    // The plain bound lets SQLite seek the start index; the pair decides within the millisecond.
    query = query.where('started_at_ms', '<=', before).where(sql<boolean>`(calls.started_at_ms, calls.call_id) < (${before}, ${input.before.callId})`);
  }
  const rows = await query.orderBy('started_at_ms', 'desc').orderBy('calls.call_id', 'desc').limit(input.limit).execute();
  return rows.map((r) => ({
    callId: r.call_id,
    direction: r.direction,
    number: r.external_e164,
    businessNumber: r.business_e164,
    customerName: r.customer_name ?? null,
    startedAt: new Date(r.started_at_ms).toISOString(),
    answeredAt: r.answered_at_ms === null ? null : new Date(r.answered_at_ms).toISOString(),
    endedAt: r.completed_at_ms === null ? null : new Date(r.completed_at_ms).toISOString(),
    durationSeconds: r.duration_seconds ?? 0,
    status: readCallStatus(r.status, { status: r.call_status, startedAtMs: r.started_at_ms, answeredAtMs: r.answered_at_ms }, nowMs),
    answeredBy: r.answered_by_name ?? null,
  }));
}
