import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// A call's transcript and summary name only the call (OpenPhone §1.5), so the relay
// keeps the lines each call was seen on, for the normalizer to give those artifacts
// the same lines and agents on the line see them. Filled by a trigger in the append
// transaction (the first call event with lines wins; a call does not change lines),
// and from the call events already stored.
export const migration: RelayMigration = {
  name: '0004-create-call-lines',
  sql: `
  CREATE TABLE call_lines (
    call_id TEXT PRIMARY KEY,
    lines TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TRIGGER call_lines_on_append AFTER INSERT ON events
    WHEN NEW.type IN ('call.ringing', 'call.answered', 'call.completed', 'call.missed', 'call.forwarded', 'call.recording_ready', 'call.voicemail_ready')
      AND NEW.lines <> '[]'
  BEGIN
    INSERT OR IGNORE INTO call_lines (call_id, lines)
      SELECT json_extract(NEW.event, '$.data.callId'), NEW.lines WHERE json_extract(NEW.event, '$.data.callId') IS NOT NULL;
  END;
  INSERT OR IGNORE INTO call_lines (call_id, lines)
    SELECT json_extract(event, '$.data.callId'), lines FROM events
    WHERE type IN ('call.ringing', 'call.answered', 'call.completed', 'call.missed', 'call.forwarded', 'call.recording_ready', 'call.voicemail_ready')
      AND lines <> '[]' AND json_extract(event, '$.data.callId') IS NOT NULL
    ORDER BY seq;
  `,
};
