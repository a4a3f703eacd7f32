import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// An agent's replay reads only its lines' events (event_lines, filled in the append
// transaction) and the console events (a partial index), never the whole log.
// Existing events are indexed from their stored lines.
export const migration: RelayMigration = {
  name: '0003-index-events-by-line',
  sql: `
  CREATE TABLE event_lines (
    line TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES events (seq),
    PRIMARY KEY (line, seq)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO event_lines (line, seq)
    SELECT line.value, events.seq FROM events, json_each(events.lines) AS line WHERE events.source <> 'console';
  CREATE INDEX events_console_seq ON events (seq) WHERE source = 'console';
  `,
};
