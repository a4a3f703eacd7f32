import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Texts consoles asked the relay to send (POST /v1/messages), one row per requestId, so
// a retried post never sends twice. `fingerprint` is a hash of who sent what from where
// to whom: the same requestId for another message is refused. `state`: sending (the call
// to OpenPhone is under way, or the relay stopped during it), sent (accepted; the
// message.recorded event, kept in `event`, is at seq once appended), failed (refused, so
// a repeat tries again), unknown (no answer: it may have gone out, so it is never resent).
export const migration: RelayMigration = {
  name: '0006-create-outbound-messages',
  sql: `
  CREATE TABLE outbound_messages (
    request_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'unknown')),
    message_id TEXT,
    event TEXT,
    seq INTEGER,
    error_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (state <> 'sent' OR (message_id IS NOT NULL AND event IS NOT NULL))
  ) WITHOUT ROWID;
  `,
};
