import type { CallDisposition, CallNotesView } from '../../shared/api/team-work';
import { callbackStandingOf } from '../callbacks/callback-reads';
import type { ConsoleDatabase } from '../db/open-console-database';

/** A call's notes (oldest first), its disposition and where it stands in the callback queue. */
export function callNotesView(db: ConsoleDatabase, callId: string): CallNotesView {
  const notes = db.sqlite.prepare('SELECT note_id, text, by_whom, at_ms FROM call_notes WHERE call_id = ? ORDER BY seq').all(callId) as {
    note_id: string;
    text: string;
    by_whom: string;
    at_ms: number;
  }[];
  const disposition = db.sqlite.prepare('SELECT disposition, by_whom, at_ms FROM call_dispositions WHERE call_id = ?').get(callId) as
    | { disposition: CallDisposition; by_whom: string; at_ms: number }
    | undefined;
  return {
    notes: notes.map((n) => ({ noteId: n.note_id, text: n.text, by: n.by_whom, at: new Date(n.at_ms).toISOString() })),
    disposition: disposition ? { value: disposition.disposition, by: disposition.by_whom, at: new Date(disposition.at_ms).toISOString() } : null,
    callback: callbackStandingOf(db, callId),
  };
}
