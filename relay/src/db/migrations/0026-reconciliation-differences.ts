import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 12 §2: a reconciliation run also reports the calls and texts the log holds but
// describes differently from OpenPhone's API (talk time, answered or not, a text's
// status): how many, how many calls it corrected, and the first of them for the console.
// Runs from before this report none.
export const migration: RelayMigration = {
  name: '0026-reconciliation-differences',
  sql: `
  ALTER TABLE reconciliation_runs ADD COLUMN differences INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE reconciliation_runs ADD COLUMN corrected_calls INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE reconciliation_runs ADD COLUMN differing TEXT NOT NULL DEFAULT '[]';
  `,
};
