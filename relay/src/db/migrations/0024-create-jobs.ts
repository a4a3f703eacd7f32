import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 §3, the relay's jobs: what is waiting to be extracted and what was, the jobs projection
// the calendar feed reads, the photos devices uploaded, and the feed's secret (its hash only).
export const migration: RelayMigration = {
  name: '0024-create-jobs',
  sql: `
  -- How far each follower of the log has read (the extraction worker, the jobs projection), with
  -- the projection's version so a new fold rebuilds it by replay.
  CREATE TABLE jobs_progress (
    follower TEXT PRIMARY KEY CHECK (follower IN ('extraction', 'projection')),
    applied_seq INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  -- Calls and texts stored before this relay extracted anything are history: extraction starts at today's head.
  INSERT INTO jobs_progress (follower, applied_seq) SELECT 'extraction', coalesce(max(seq), 0) FROM events;

  -- The events whose words make up each subject: a call's latest transcript ('transcript'), a
  -- voicemail ('voicemail'), a thread's texts (by message id: a status update adds no words).
  CREATE TABLE jobs_subject_events (
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('call', 'voicemail', 'conversation')),
    subject_id TEXT NOT NULL,
    member TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, member)
  ) STRICT, WITHOUT ROWID;

  -- A subject waiting to be extracted at its revision: due at once for a call or voicemail, once
  -- the thread has been quiet for a thread. 'model': the offline extraction is out, the language
  -- model's is still to come.
  CREATE TABLE jobs_extraction_pending (
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('call', 'voicemail', 'conversation')),
    subject_id TEXT NOT NULL,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    stage TEXT NOT NULL CHECK (stage IN ('offline', 'model')),
    due_at_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- The seq of the event that last changed it: an extraction under way while new words came does not clear it.
    touched_seq INTEGER NOT NULL,
    PRIMARY KEY (subject_kind, subject_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX jobs_extraction_pending_due ON jobs_extraction_pending (due_at_ms);

  -- The last extraction appended for each subject (its revision and seq): a new one takes the next revision.
  CREATE TABLE jobs_extracted (
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('call', 'voicemail', 'conversation')),
    subject_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    extractor TEXT NOT NULL,
    seq INTEGER,
    extracted_at TEXT NOT NULL,
    PRIMARY KEY (subject_kind, subject_id)
  ) STRICT, WITHOUT ROWID;

  -- The jobs projection (src/shared/jobs/job-fold.ts): each job as the fold keeps it, with the
  -- lines of the event that made it (who may see its photos).
  CREATE TABLE jobs (
    job_id TEXT PRIMARY KEY,
    stage TEXT NOT NULL,
    position REAL NOT NULL,
    scheduled_start TEXT,
    lines TEXT NOT NULL DEFAULT '[]',
    record TEXT NOT NULL
  ) STRICT;
  CREATE INDEX jobs_by_stage ON jobs (stage);

  CREATE TABLE job_photos (
    sha256 TEXT NOT NULL,
    job_id TEXT NOT NULL,
    PRIMARY KEY (sha256, job_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX job_photos_by_job ON job_photos (job_id);

  -- Photos devices uploaded (POST /v1/jobs/photos), stored in the media folder by their hash.
  CREATE TABLE job_photo_uploads (
    sha256 TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    device_id TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
  ) STRICT;

  -- The calendar feed's secret: only its SHA-256 is kept, so the database alone opens no feed.
  CREATE TABLE calendar_feed (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret_sha256 BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  `,
};
