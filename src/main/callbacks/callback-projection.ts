import type BetterSqlite3 from 'better-sqlite3';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { CallbackEntriesTable } from '../db/schema';
import { callerReachedBy, missedCallCanWait, missedCallOf, nextCallbackEntry, openEntry, waitsForCallBack, type CallbackAction, type CallbackClosedReason, type CallbackEntry } from './callback-rules';

/**
 * The callback queue's part of the projection (tables of migration 0710): the rules of
 * callback-rules.ts applied to the calls and the team's claims and outcomes, in the
 * projection's transaction, after the calls row of the same event is written.
 */

interface CallbackStatements {
  callOf: BetterSqlite3.Statement<{ call_id: string }, { entry_id: string }>;
  entryById: BetterSqlite3.Statement<{ entry_id: string }, CallbackEntriesTable>;
  openEntryOf: BetterSqlite3.Statement<{ phone_e164: string }, CallbackEntriesTable>;
  latestContactAfter: BetterSqlite3.Statement<{ phone_e164: string; call_id: string; after_ms: number }, { started_at_ms: number | null }>;
  insertEntry: BetterSqlite3.Statement<Pick<CallbackEntriesTable, 'entry_id' | 'phone_e164' | 'business_e164' | 'first_started_at_ms' | 'last_missed_at_ms' | 'last_call_id' | 'has_voicemail' | 'updated_seq'>>;
  addMissed: BetterSqlite3.Statement<{ entry_id: string; business_e164: string; started_at_ms: number; missed_at_ms: number; call_id: string; voicemail: number; updated_seq: number }>;
  insertCall: BetterSqlite3.Statement<{ call_id: string; entry_id: string; started_at_ms: number; voicemail: number }>;
  markVoicemail: BetterSqlite3.Statement<{ call_id: string; updated_seq: number }>;
  writeEntry: BetterSqlite3.Statement<Omit<CallbackEntriesTable, 'phone_e164' | 'business_e164' | 'last_missed_at_ms' | 'last_call_id' | 'missed_count' | 'has_voicemail'>>;
}

const cache = new WeakMap<ConsoleDatabase, CallbackStatements>();

function statementsOf(db: ConsoleDatabase): CallbackStatements {
  const held = cache.get(db);
  if (held) return held;
  const s = db.sqlite;
  const statements: CallbackStatements = {
    callOf: s.prepare('SELECT entry_id FROM callback_calls WHERE call_id = @call_id'),
    entryById: s.prepare('SELECT * FROM callback_entries WHERE entry_id = @entry_id'),
    openEntryOf: s.prepare(`SELECT * FROM callback_entries WHERE phone_e164 = @phone_e164 AND state = 'open'`),
    // The newest contact with the number started after the missed call, this call left out: only
    // a later one decides (callback-rules waitsForCallBack). A range of calls(external_e164,
    // started_at_ms) after the call, empty in a catch-up in time order, instead of every call
    // with the number (a regular caller's hundreds, read at each of their missed calls).
    latestContactAfter: s.prepare(
      `SELECT MAX(started_at_ms) AS started_at_ms FROM calls
       WHERE external_e164 = @phone_e164 AND started_at_ms > @after_ms AND call_id <> @call_id AND (direction = 'outgoing' OR answered_at_ms IS NOT NULL)`,
    ),
    insertEntry: s.prepare(
      `INSERT INTO callback_entries (entry_id, phone_e164, business_e164, state, first_started_at_ms, last_missed_at_ms, last_call_id, missed_count, has_voicemail, updated_seq)
       VALUES (@entry_id, @phone_e164, @business_e164, 'open', @first_started_at_ms, @last_missed_at_ms, @last_call_id, 1, @has_voicemail, @updated_seq)`,
    ),
    addMissed: s.prepare(
      `UPDATE callback_entries SET missed_count = missed_count + 1, has_voicemail = MAX(has_voicemail, @voicemail), updated_seq = @updated_seq,
         first_started_at_ms = MIN(first_started_at_ms, @started_at_ms),
         business_e164 = CASE WHEN @missed_at_ms >= last_missed_at_ms THEN @business_e164 ELSE business_e164 END,
         last_call_id = CASE WHEN @missed_at_ms >= last_missed_at_ms THEN @call_id ELSE last_call_id END,
         last_missed_at_ms = MAX(last_missed_at_ms, @missed_at_ms)
       WHERE entry_id = @entry_id`,
    ),
    insertCall: s.prepare('INSERT INTO callback_calls (call_id, entry_id, started_at_ms, voicemail) VALUES (@call_id, @entry_id, @started_at_ms, @voicemail)'),
    markVoicemail: s.prepare(
      `UPDATE callback_entries SET has_voicemail = 1, updated_seq = @updated_seq WHERE entry_id = (SELECT entry_id FROM callback_calls WHERE call_id = @call_id)`,
    ),
    writeEntry: s.prepare(
      `UPDATE callback_entries SET state = @state, first_started_at_ms = @first_started_at_ms, claimed_by = @claimed_by, claimed_at_ms = @claimed_at_ms,
         closed_reason = @closed_reason, closed_note = @closed_note, closed_by = @closed_by, closed_at_ms = @closed_at_ms, closing_call_id = @closing_call_id, updated_seq = @updated_seq
       WHERE entry_id = @entry_id`,
    ),
  };
  cache.set(db, statements);
  return statements;
}

export function entryOfRow(row: CallbackEntriesTable): CallbackEntry {
  return {
    state: row.state,
    firstStartedAtMs: row.first_started_at_ms,
    claimedBy: row.claimed_by,
    claimedAtMs: row.claimed_at_ms,
    closedReason: row.closed_reason as CallbackClosedReason | null,
    closedNote: row.closed_note,
    closedBy: row.closed_by,
    closedAtMs: row.closed_at_ms,
    closingCallId: row.closing_call_id,
  };
}

function apply(s: CallbackStatements, row: CallbackEntriesTable | undefined, action: CallbackAction, seq: number): void {
  if (!row) return;
  const before = entryOfRow(row);
  const after = nextCallbackEntry(before, action);
  if (after === before) return;
  s.writeEntry.run({
    entry_id: row.entry_id,
    state: after.state,
    first_started_at_ms: after.firstStartedAtMs,
    claimed_by: after.claimedBy,
    claimed_at_ms: after.claimedAtMs,
    closed_reason: after.closedReason,
    closed_note: after.closedNote,
    closed_by: after.closedBy,
    closed_at_ms: after.closedAtMs,
    closing_call_id: after.closingCallId,
    updated_seq: seq,
  });
}

/** The open entry a claim, release or outcome names by one of its calls. */
function entryNamed(s: CallbackStatements, callId: string): CallbackEntriesTable | undefined {
  const call = s.callOf.get({ call_id: callId });
  return call ? s.entryById.get({ entry_id: call.entry_id }) : undefined;
}

export function projectCallbacks(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  const s = statementsOf(db);
  const missed = missedCallOf(event);
  if (missed) {
    if (s.callOf.get({ call_id: missed.callId })) {
      if (missed.voicemail) s.markVoicemail.run({ call_id: missed.callId, updated_seq: seq });
      return;
    }
    if (!missedCallCanWait(event)) return;
    const latest = s.latestContactAfter.get({ phone_e164: missed.number, call_id: missed.callId, after_ms: missed.startedAtMs })?.started_at_ms ?? null;
    if (!waitsForCallBack(missed, latest)) return;
    const open = s.openEntryOf.get({ phone_e164: missed.number });
    const voicemail = missed.voicemail ? 1 : 0;
    if (open) {
      s.addMissed.run({ entry_id: open.entry_id, business_e164: missed.businessNumber, started_at_ms: missed.startedAtMs, missed_at_ms: missed.missedAtMs, call_id: missed.callId, voicemail, updated_seq: seq });
    } else {
      s.insertEntry.run({
        entry_id: missed.callId,
        phone_e164: missed.number,
        business_e164: missed.businessNumber,
        first_started_at_ms: openEntry(missed.startedAtMs).firstStartedAtMs,
        last_missed_at_ms: missed.missedAtMs,
        last_call_id: missed.callId,
        has_voicemail: voicemail,
        updated_seq: seq,
      });
    }
    s.insertCall.run({ call_id: missed.callId, entry_id: open?.entry_id ?? missed.callId, started_at_ms: missed.startedAtMs, voicemail });
    return;
  }
  const reached = callerReachedBy(event);
  if (reached) {
    apply(s, s.openEntryOf.get({ phone_e164: reached.number }), { kind: 'reached', reached, atMs: reached.startedAtMs }, seq);
    return;
  }
  const atMs = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'call.voicemail_ready':
      s.markVoicemail.run({ call_id: event.data.callId, updated_seq: seq });
      return;
    case 'callback.claimed':
      apply(s, entryNamed(s, event.data.callId), { kind: 'claim', by: event.data.by, atMs }, seq);
      return;
    case 'callback.released':
      apply(s, entryNamed(s, event.data.callId), { kind: 'release', by: event.data.by, atMs }, seq);
      return;
    case 'callback.completed':
      apply(s, entryNamed(s, event.data.callId), { kind: 'complete', outcome: event.data.outcome, note: event.data.note, by: event.data.by, atMs }, seq);
      return;
    default:
      return;
  }
}
