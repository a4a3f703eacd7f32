import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// The provider facts the log holds, by fact key (src/shared/events/fact-key.ts): the
// history import and the daily reconciliation fetch facts by REST, whose ids are not the
// webhooks' event ids, and must know whether the log already has each one. Filled by the
// event log in the append transaction (the first event of a fact wins), and here from
// the events already stored.
export const migration: RelayMigration = {
  name: '0010-create-facts',
  sql: `
  CREATE TABLE facts (
    key TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO facts (key, seq)
    SELECT type || '|' || json_extract(event, '$.data.callId'), seq FROM events
    WHERE type IN ('call.ringing', 'call.answered', 'call.completed', 'call.missed', 'call.forwarded', 'call.recording_ready', 'call.voicemail_ready', 'call.transcript_ready', 'call.summary_ready')
      AND json_extract(event, '$.data.callId') IS NOT NULL
    ORDER BY seq;
  INSERT OR IGNORE INTO facts (key, seq)
    SELECT 'message.recorded|' || json_extract(event, '$.data.messageId'), seq FROM events
    WHERE type = 'message.recorded' AND json_extract(event, '$.data.messageId') IS NOT NULL
    ORDER BY seq;
  `,
};
