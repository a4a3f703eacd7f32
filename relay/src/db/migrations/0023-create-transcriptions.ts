import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 contract: the transcription queue (transcription capability) fills this in.
export const migration: RelayMigration = {
  name: '0023-create-transcriptions',
  sql: `
  SELECT 1;
  `,
};
