import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// call_lines is filled by the event log in the append transaction (event-log.ts), from
// the event it already holds, rather than by 0004's trigger re-reading every call
// event's stored JSON twice: that cost the ingest of each call webhook CPU time.
export const migration: RelayMigration = {
  name: '0009-call-lines-from-the-log',
  sql: `
  DROP TRIGGER call_lines_on_append;
  `,
};
