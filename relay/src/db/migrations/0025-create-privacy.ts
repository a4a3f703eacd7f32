import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 contract: erasures and retention runs (privacy capability) fills this in.
export const migration: RelayMigration = {
  name: '0025-create-privacy',
  sql: `
  SELECT 1;
  `,
};
