import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 16 §4: the log's epochs. A restore from a backup (`backup restore`) begins a new one
// after the copy's head, because the seqs after it will be given to other events than the ones
// consoles may already hold; a console resuming says which epoch its copy is of, and one whose
// copy goes past where a later epoch began is refused rather than silently skipping those seqs
// (stream/stream-start.ts). The log's first epoch is made here, starting after seq 0.
export const migration: RelayMigration = {
  name: '0028-create-log-epochs',
  sql: `
  CREATE TABLE log_epochs (
    -- 1, 2, 3…: the order epochs began in (never a clock: a machine's clock can be set back).
    ordinal INTEGER PRIMARY KEY CHECK (ordinal >= 1),
    epoch TEXT NOT NULL UNIQUE,
    starts_after_seq INTEGER NOT NULL CHECK (starts_after_seq >= 0),
    started_at TEXT NOT NULL
  );
  INSERT INTO log_epochs (ordinal, epoch, starts_after_seq, started_at) VALUES (1, lower(hex(randomblob(16))), 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  `,
};
