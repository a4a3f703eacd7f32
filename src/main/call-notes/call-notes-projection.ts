import type BetterSqlite3 from 'better-sqlite3';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';

const cache = new WeakMap<ConsoleDatabase, { note: BetterSqlite3.Statement; disposition: BetterSqlite3.Statement }>();

function statementsOf(db: ConsoleDatabase): { note: BetterSqlite3.Statement; disposition: BetterSqlite3.Statement } {
  let held = cache.get(db);
  if (!held) {
    held = {
      note: db.sqlite.prepare('INSERT INTO call_notes (note_id, call_id, text, by_whom, at_ms, seq) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (note_id) DO NOTHING'),
      disposition: db.sqlite.prepare(
        `INSERT INTO call_dispositions (call_id, disposition, by_whom, at_ms, seq) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (call_id) DO UPDATE SET disposition = excluded.disposition, by_whom = excluded.by_whom, at_ms = excluded.at_ms, seq = excluded.seq`,
      ),
    };
    cache.set(db, held);
  }
  return held;
}

/** Notes and dispositions on calls (migration 0710): every console holds the same, from the log. */
export function projectCallNotes(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  switch (event.type) {
    case 'call.note_added': {
      const d = event.data;
      // The same note posted twice (a retry under another event id) is kept once.
      statementsOf(db).note.run(d.noteId, d.callId, d.text, d.by, Date.parse(event.occurredAt), seq);
      return;
    }
    case 'call.disposition_set': {
      const d = event.data;
      statementsOf(db).disposition.run(d.callId, d.disposition, d.by, Date.parse(event.occurredAt), seq);
      return;
    }
    default:
      return;
  }
}
