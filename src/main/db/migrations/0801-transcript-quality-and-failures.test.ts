import { afterEach, describe, expect, it } from 'vitest';
import { createDb, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0801-transcript-quality-and-failures', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps the transcripts held before it as the provider’s, quality and confidence unknown, and adds room for a failure', async () => {
    db = createDb();
    await migrateTo(db, '0800-create-jobs');
    db.sqlite
      .prepare(
        `INSERT INTO call_artifacts (call_id, status, answered_by, missed_at_ms, forwarded_at_ms, forwarded_to, has_voicemail, voicemail_transcript, summary_json, next_steps_json, transcript_duration_seconds, updated_seq)
         VALUES ('openphone:AC1', 'completed', NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 12, 3)`,
      )
      .run();
    db.sqlite.prepare(`INSERT INTO transcript_lines (call_id, line_no, speaker_e164, speaker_user_id, text, start_seconds, end_seconds) VALUES ('openphone:AC1', 0, NULL, NULL, 'Hello', 0, 1)`).run();
    await migrateTo(db, '0801-transcript-quality-and-failures');
    expect(rows(db, 'call_artifacts')[0]).toMatchObject({ call_id: 'openphone:AC1', transcribed_by: null, transcript_quality: null, transcript_language: null, transcription_failure_reason: null, transcription_failure_detail: null });
    expect(rows(db, 'transcript_lines')[0]).toMatchObject({ text: 'Hello', confidence: null });
    db.sqlite.prepare(`UPDATE transcript_lines SET confidence = 0.82`).run();
    expect(rows(db, 'transcript_lines')[0]).toMatchObject({ confidence: 0.82 });
  });
});
