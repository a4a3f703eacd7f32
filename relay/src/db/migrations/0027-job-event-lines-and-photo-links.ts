import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15, two fixes from its security review:
// 1. A console's job events were stored about no line, so every agent received them. Now each
//    is stored with its job's lines (console-events/event-lines.ts); the ones stored before get
//    theirs here: a job.created from its call's lines (call_lines) or its thread's line (the
//    conversation key's first part), every other job event from its job's (the relay's jobs
//    projection for a job from an extraction, else the job's first job.created). The event's
//    own `lines`, and the event_lines index agents read through, follow; the jobs projection is
//    folded again from the log at start. Consoles that already received such an event keep it.
// 2. A photo link in the calendar feed carries its own token (an HMAC of the photo's hash
//    under photo_key), not the feed's secret, so one forwarded event does not open the whole
//    feed. The key is kept beside the secret's hash and replaced whenever the feed is rotated;
//    a feed made before this gets its key now.
export const migration: RelayMigration = {
  name: '0027-job-event-lines-and-photo-links',
  sql: `
  UPDATE events SET lines = (SELECT c.lines FROM call_lines c WHERE c.call_id = json_extract(events.event, '$.data.callId'))
    WHERE source = 'console' AND type = 'job.created' AND lines = '[]'
      AND EXISTS (SELECT 1 FROM call_lines c WHERE c.call_id = json_extract(events.event, '$.data.callId') AND c.lines <> '[]');
  UPDATE events SET lines = json_array(substr(json_extract(event, '$.data.conversationId'), 1, instr(json_extract(event, '$.data.conversationId'), '|') - 1))
    WHERE source = 'console' AND type = 'job.created' AND lines = '[]'
      AND instr(coalesce(json_extract(event, '$.data.conversationId'), ''), '|') > 1;

  CREATE TEMP TABLE job_origin_lines AS
    SELECT j.job_id AS job_id, j.lines AS lines FROM jobs j WHERE j.lines <> '[]'
    UNION ALL
    SELECT json_extract(e.event, '$.data.jobId'), e.lines FROM events e
      WHERE e.type = 'job.created' AND e.lines <> '[]'
        AND e.seq = (SELECT min(f.seq) FROM events f WHERE f.type = 'job.created' AND json_extract(f.event, '$.data.jobId') = json_extract(e.event, '$.data.jobId'))
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = json_extract(e.event, '$.data.jobId') AND j.lines <> '[]');
  UPDATE events SET lines = (SELECT o.lines FROM job_origin_lines o WHERE o.job_id = json_extract(events.event, '$.data.jobId') LIMIT 1)
    WHERE source = 'console' AND lines = '[]'
      AND type IN ('job.moved', 'job.edited', 'job.field_reviewed', 'job.note_added', 'job.photo_added')
      AND EXISTS (SELECT 1 FROM job_origin_lines o WHERE o.job_id = json_extract(events.event, '$.data.jobId'));
  DROP TABLE job_origin_lines;

  UPDATE events SET event = json_set(event, '$.lines', json(lines))
    WHERE source = 'console' AND type LIKE 'job.%' AND lines <> '[]' AND json(json_extract(event, '$.lines')) <> json(lines);
  INSERT OR IGNORE INTO event_lines (line, seq)
    SELECT line.value, events.seq FROM events, json_each(events.lines) AS line WHERE events.source = 'console' AND events.type LIKE 'job.%';
  UPDATE jobs_progress SET version = 0 WHERE follower = 'projection';

  ALTER TABLE calendar_feed ADD COLUMN photo_key BLOB;
  UPDATE calendar_feed SET photo_key = randomblob(32) WHERE photo_key IS NULL;
  `,
};
