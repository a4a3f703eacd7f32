import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 12: the last minute the relay was known to be running (one row), so an
// ordinary restart of a quiet business is not taken for an outage; the after-outage
// reconciliation measures the time the relay was down from it.
export const migration: RelayMigration = {
  name: '0016-create-relay-heartbeat',
  sql: `
  CREATE TABLE relay_heartbeat (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    alive_at_ms INTEGER NOT NULL
  );
  `,
};
