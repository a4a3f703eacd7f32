import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 §1: the transcription queue. One row per recording or voicemail of a call (call + mediaId),
// with its tries and next try, so a relay stopped at any point resumes every transcription; the calls a
// provider transcribed itself (media_id '' for the whole call, else the one voicemail it transcribed);
// how far the log has been read for them.
export const migration: RelayMigration = {
  name: '0023-create-transcriptions',
  sql: `
  CREATE TABLE transcriptions (
    call_id TEXT NOT NULL,
    media_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('recording', 'voicemail')),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    -- JSON array of the lines its transcript is appended with.
    lines TEXT NOT NULL,
    -- waiting: for the provider's transcript, or for its next try; done: transcribed; provider: the provider's
    -- transcript came first; failed: given up (call.transcription_failed appended); gone: its audio was erased.
    state TEXT NOT NULL CHECK (state IN ('waiting', 'done', 'provider', 'failed', 'gone')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    queued_at INTEGER NOT NULL,
    finished_at INTEGER,
    PRIMARY KEY (call_id, media_id)
  ) WITHOUT ROWID;
  CREATE INDEX transcriptions_due ON transcriptions (next_attempt_at) WHERE state = 'waiting';
  CREATE TABLE transcription_provider_calls (
    call_id TEXT NOT NULL,
    media_id TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL,
    PRIMARY KEY (call_id, media_id)
  ) WITHOUT ROWID;
  CREATE TABLE transcription_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  );
  `,
};
