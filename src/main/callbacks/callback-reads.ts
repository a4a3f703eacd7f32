import { CALLBACK_RECENT_DAYS, type CallbackQueue, type CallbackQueueEntry, type CallbackStanding } from '../../shared/api/team-work';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { CallbackEntriesTable } from '../db/schema';
import { entryOfRow } from './callback-projection';
import { callbackStatusText } from './callback-rules';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The callers waiting for a call back, the latest missed first, each with the customer their number belongs to. */
export function callbackQueue(db: ConsoleDatabase, input: { limit: number; includeOlder?: boolean | undefined }, now: Date): CallbackQueue {
  const recentFromMs = now.getTime() - CALLBACK_RECENT_DAYS * 86_400_000;
  const fromMs = input.includeOlder ? Number.MIN_SAFE_INTEGER : recentFromMs;
  const rows = db.sqlite
    .prepare(
      `SELECT e.*, (SELECT c.customer_id FROM customer_phones p JOIN customers c ON c.customer_id = p.customer_id WHERE p.phone_e164 = e.phone_e164 ORDER BY c.updated_seq DESC LIMIT 1) AS customer_id
       FROM callback_entries e WHERE e.state = 'open' AND e.last_missed_at_ms >= ? ORDER BY e.last_missed_at_ms DESC, e.entry_id LIMIT ?`,
    )
    .all(fromMs, input.limit) as (CallbackEntriesTable & { customer_id: string | null })[];
  const count = (from: number, to: number) =>
    (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM callback_entries WHERE state = 'open' AND last_missed_at_ms >= ? AND last_missed_at_ms < ?`).get(from, to) as { n: number }).n;
  const total = count(fromMs, Number.MAX_SAFE_INTEGER);
  const older = count(Number.MIN_SAFE_INTEGER, recentFromMs);
  const nameOf = db.sqlite.prepare('SELECT name FROM customers WHERE customer_id = ?');
  const entries = rows.map((row): CallbackQueueEntry => {
    const name = row.customer_id === null ? undefined : (nameOf.get(row.customer_id) as { name: string } | undefined)?.name;
    return {
      entryId: row.entry_id,
      callId: row.last_call_id,
      number: row.phone_e164,
      businessNumber: row.business_e164,
      customer: row.customer_id !== null && name !== undefined ? { id: row.customer_id, name } : null,
      missedCount: row.missed_count,
      firstMissedAt: iso(row.first_started_at_ms),
      lastMissedAt: iso(row.last_missed_at_ms),
      hasVoicemail: row.has_voicemail === 1,
      claimedBy: row.claimed_by,
      claimedAt: row.claimed_at_ms === null ? null : iso(row.claimed_at_ms),
    };
  });
  return { entries, total, older };
}

/** Where a call stands in the queue: as a missed call of an entry, or as the call back that closed one. */
export function callbackStandingOf(db: ConsoleDatabase, callId: string): CallbackStanding | null {
  const row = db.sqlite
    .prepare(
      `SELECT e.* FROM callback_entries e WHERE e.entry_id = (SELECT entry_id FROM callback_calls WHERE call_id = @callId)
       UNION ALL SELECT e.* FROM callback_entries e WHERE e.closing_call_id = @callId LIMIT 1`,
    )
    .get({ callId }) as CallbackEntriesTable | undefined;
  if (!row) return null;
  const entry = entryOfRow(row);
  return { state: entry.state, text: callbackStatusText(entry), claimedBy: entry.claimedBy, note: entry.closedNote };
}
