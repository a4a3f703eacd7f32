import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Media the relay captures when its webhook arrives (relay/src/media): one row per
// mediaId, the durable download queue and then the record of what was stored. `state`:
// pending (to download, at next_attempt_at; a restarted relay resumes it), captured (the
// file is <data dir>/media/<sha256 path> and its media.captured event is in the log),
// refused (never downloadable: a host not allowed, too large, not media). `lines` (JSON)
// are the carrying event's: who may fetch it. `alert_raised`: a relay.alert about it is
// raised and not yet cleared.
export const migration: RelayMigration = {
  name: '0005-create-media',
  sql: `
  CREATE TABLE media (
    media_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('recording', 'voicemail', 'attachment')),
    declared_type TEXT,
    lines TEXT NOT NULL,
    call_id TEXT,
    party TEXT,
    direction TEXT CHECK (direction IN ('incoming', 'outgoing')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'captured', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    first_attempt_at INTEGER,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    alert_raised INTEGER NOT NULL DEFAULT 0 CHECK (alert_raised IN (0, 1)),
    sha256 TEXT,
    content_type TEXT,
    bytes INTEGER,
    queued_at TEXT NOT NULL,
    captured_at TEXT,
    CHECK (state <> 'captured' OR (sha256 IS NOT NULL AND content_type IS NOT NULL AND bytes IS NOT NULL))
  ) WITHOUT ROWID;
  CREATE INDEX media_pending_by_due ON media (next_attempt_at) WHERE state = 'pending';
  CREATE INDEX media_by_sha256 ON media (sha256) WHERE sha256 IS NOT NULL;
  `,
};
