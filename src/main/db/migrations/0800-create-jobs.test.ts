import { afterEach, describe, expect, it } from 'vitest';
import { createDb, indexNames, migrateTo, rows } from '../../../../tests/support/migration-test-support';
import type { ConsoleDatabase } from '../open-console-database';

describe('0800-create-jobs', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());

  it('keeps one row per job, one proposal and one review per field, notes by id and photos once per job', async () => {
    db = createDb();
    await migrateTo(db, '0800-create-jobs');
    const job = db.sqlite.prepare(
      `INSERT INTO jobs (job_id, stage, position, title, person_set_json, media_ids_json, unreviewed, photo_count, created_at_ms, updated_at_ms, updated_seq)
       VALUES (?, 'quote_requested', -1.5, 'Crack in the wall', '[]', '[]', 3, 0, 1000, 1000, 7)`,
    );
    job.run('call:c1:0');
    expect(() => job.run('call:c1:0')).toThrow(/UNIQUE|PRIMARY/);
    const proposal = db.sqlite.prepare(`INSERT INTO job_proposals VALUES ('call:c1:0', ?, '12 Elm St', 0.7, 'at 12 Elm Street')`);
    proposal.run('address');
    expect(() => proposal.run('address')).toThrow(/UNIQUE|PRIMARY/);
    const review = db.sqlite.prepare(`INSERT INTO job_reviews VALUES ('call:c1:0', 'address', 'rejected', '12 Elm St', NULL, 'Front desk', 2000)`);
    review.run();
    expect(() => review.run()).toThrow(/UNIQUE|PRIMARY/);
    const photo = db.sqlite.prepare(`INSERT INTO job_photos VALUES ('call:c1:0', ?, 'image/jpeg', 'wall.jpg', 'Front desk', 3000, 9)`);
    photo.run('a'.repeat(64));
    expect(() => photo.run('a'.repeat(64))).toThrow(/UNIQUE|PRIMARY/);
    db.sqlite.prepare(`INSERT INTO job_notes VALUES ('n1', 'call:c1:0', 'Gate code 1234', 'Front desk', 4000, 10)`).run();
    db.sqlite.prepare(`INSERT INTO job_history VALUES ('call:c1:0', 7, 1000, '{"kind":"extracted"}')`).run();
    db.sqlite.prepare(`INSERT INTO job_stage_names VALUES ('quote_requested', 'New enquiry', 'Owner', 11)`).run();
    db.sqlite.prepare(`INSERT INTO job_extractions VALUES ('call:c1', 'call', 'c1', 'c1', NULL, NULL, 'offline', 'appointments', 1, 1000, 7)`).run();
    expect(rows(db, 'jobs')[0]).toMatchObject({ position: -1.5, scheduled_start_ms: null, unreviewed: 3 });
    expect(rows(db, 'job_reviews')[0]).toMatchObject({ decision: 'rejected', chosen: null });
    expect(indexNames(db, 'jobs')).toEqual(expect.arrayContaining(['jobs_by_stage', 'jobs_by_start', 'jobs_by_call', 'jobs_by_customer', 'jobs_by_extraction']));
    expect(indexNames(db, 'job_notes')).toContain('job_notes_by_job');
  });
});
