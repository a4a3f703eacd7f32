import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 contract: the extraction queue, the jobs projection and the calendar feed (jobs capability) fills this in.
export const migration: RelayMigration = {
  name: '0024-create-jobs',
  sql: `
  SELECT 1;
  `,
};
