import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0600-create-call-artifacts', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('adds call artifacts beside the calls already projected, and transcripts one line per row', async () => {
    db = createDb();
    await migrateTo(db, '0500-index-unreadable-local-log');
    db.sqlite.prepare(`INSERT INTO calls VALUES ('call1', 'incoming', '+16175550100', '+16175550199', 1000, NULL, NULL, NULL, 'ringing', 6)`).run();

    await migrateTo(db, '0600-create-call-artifacts');

    expect(rows(db, 'calls')).toHaveLength(1);
    db.sqlite.prepare(`INSERT INTO call_artifacts VALUES ('call1', 'ringing', NULL, NULL, NULL, NULL, 0, NULL, '["Asked about the invoice"]', '[]', NULL, 7)`).run();
    db.sqlite.prepare(`INSERT INTO transcript_lines (call_id, line_no, speaker_e164, speaker_user_id, text, start_seconds, end_seconds) VALUES ('call1', 0, '+16175550100', NULL, 'Hello', 0, 1.5)`).run();
    expect(rows(db, 'transcript_lines')).toEqual([
      { line_rowid: 1, call_id: 'call1', line_no: 0, speaker_e164: '+16175550100', speaker_user_id: null, text: 'Hello', start_seconds: 0, end_seconds: 1.5 },
    ]);
    // A line is stored once per position: a transcript delivered again replaces, never doubles.
    expect(() =>
      db.sqlite.prepare(`INSERT INTO transcript_lines (call_id, line_no, text, start_seconds, end_seconds) VALUES ('call1', 0, 'Hello again', 0, 1)`).run(),
    ).toThrow(/UNIQUE/);
    expect(indexNames(db, 'transcript_lines')).toContain('transcript_lines_by_call');
  });
});
