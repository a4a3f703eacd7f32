import type { Statement } from 'better-sqlite3';
import type { JobStage, RingsideEvent } from '../../../src/shared/events/model';
import { applyJobEvent, type JobLookup, type JobRecord } from '../../../src/shared/jobs/job-fold';
import type { RelayDatabase } from '../database';
import type { EventLog, LogEntry } from '../log/event-log';
import type { Logger } from '../logger';
import { mayConcernJobs } from './subject-of-event';
import { unsyncedTransaction } from './unsynced-transaction';

/** Raise when the fold's output changes: the projection is emptied and rebuilt by replaying the log. */
export const JOBS_PROJECTION_VERSION = 1;
const CHUNK = 1000;
const REDACTED = /"type":"log\.redacted"/;

export interface ProjectedJob {
  job: JobRecord;
  /** The lines of the event that made the job (an extraction's call or thread); empty for a job a person added. */
  lines: string[];
}

/**
 * The relay's jobs (migration 0024), folded with the one shared fold (src/shared/jobs/job-fold.ts)
 * from extraction.recorded and the job events, for the calendar feed and for who may see a job's
 * photos. It follows the log: caught up at start and after each commit, each stretch in one
 * transaction with how far it read; a new JOBS_PROJECTION_VERSION empties it and replays.
 */
export class JobsProjection {
  private readonly s: Record<string, Statement>;
  private readonly lookup: JobLookup;
  private readonly transaction: (write: () => void) => void;
  private appliedSeq = 0;
  private unsubscribe: (() => void) | null = null;
  /** Replaying the whole log: the redactions in it are already what it reads. */
  private replaying = false;

  constructor(
    private readonly db: RelayDatabase,
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {
    this.s = {
      progress: db.prepare("SELECT applied_seq, version FROM jobs_progress WHERE follower = 'projection'"),
      writeProgress: db.prepare("INSERT INTO jobs_progress (follower, applied_seq, version) VALUES ('projection', ?, ?) ON CONFLICT (follower) DO UPDATE SET applied_seq = excluded.applied_seq, version = excluded.version"),
      job: db.prepare('SELECT record FROM jobs WHERE job_id = ?').pluck(),
      jobWithLines: db.prepare('SELECT record, lines FROM jobs WHERE job_id = ?'),
      column: db.prepare('SELECT job_id AS jobId, position FROM jobs INDEXED BY jobs_by_stage WHERE stage = ?'),
      upsert: db.prepare(`INSERT INTO jobs (job_id, stage, position, scheduled_start, lines, record) VALUES (@jobId, @stage, @position, @scheduledStart, @lines, @record)
        ON CONFLICT (job_id) DO UPDATE SET stage = excluded.stage, position = excluded.position, scheduled_start = excluded.scheduled_start, record = excluded.record`),
      addPhoto: db.prepare('INSERT OR IGNORE INTO job_photos (sha256, job_id) VALUES (?, ?)'),
      inStages: db.prepare('SELECT record, lines FROM jobs WHERE stage IN (SELECT value FROM json_each(?)) AND scheduled_start IS NOT NULL ORDER BY job_id'),
      jobsOfPhoto: db.prepare('SELECT j.record, j.lines FROM job_photos p JOIN jobs j ON j.job_id = p.job_id WHERE p.sha256 = ?'),
      clearJobs: db.prepare('DELETE FROM jobs'),
      clearPhotos: db.prepare('DELETE FROM job_photos'),
    };
    this.transaction = unsyncedTransaction(db);
    this.lookup = {
      job: (jobId) => {
        const record = this.s.job!.get(jobId) as string | undefined;
        return record === undefined ? null : (JSON.parse(record) as JobRecord);
      },
      column: (stage) => this.s.column!.all(stage) as { jobId: string; position: number }[],
    };
  }

  start(): void {
    const progress = this.s.progress!.get() as { applied_seq: number; version: number } | undefined;
    if (progress === undefined || progress.version !== JOBS_PROJECTION_VERSION) this.rebuild();
    else {
      this.appliedSeq = progress.applied_seq;
      this.catchUp();
    }
    this.unsubscribe = this.log.onCommitted((entries) => {
      try {
        this.follow(entries);
      } catch (error) {
        this.logger.error('jobs: the calendar could not take in new job events', { error: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  close(): void {
    this.unsubscribe?.();
  }

  /** Reads the log from where the projection stands: at start, and when a commit arrives out of step. */
  catchUp(): void {
    for (;;) {
      const entries = this.log.readAfter(this.appliedSeq, CHUNK);
      if (entries.length === 0) return;
      this.apply(entries);
    }
  }

  private follow(entries: readonly LogEntry[]): void {
    if (entries[0] !== undefined && entries[0].seq > this.appliedSeq + 1) return this.catchUp();
    this.apply(entries);
  }

  private apply(entries: readonly LogEntry[]): void {
    const relevant = entries.filter((entry) => entry.seq > this.appliedSeq && (mayConcernJobs(entry.json) || REDACTED.test(entry.json)));
    const last = entries.at(-1)!.seq;
    if (relevant.length === 0) {
      // Nothing about jobs: only remembered in memory (a restart re-reads a little, and finds nothing).
      this.appliedSeq = Math.max(this.appliedSeq, last);
      return;
    }
    let redacted = false;
    this.transaction(() => {
      for (const entry of relevant) {
        const event = JSON.parse(entry.json) as RingsideEvent;
        if (event.type === 'log.redacted') redacted = true;
        else this.applyEvent(event, entry.lines);
      }
      this.s.writeProgress!.run(last, JOBS_PROJECTION_VERSION);
    });
    this.appliedSeq = Math.max(this.appliedSeq, last);
    // Stored events were rewritten (an erasure, a retention run): the jobs are folded again from the log as it now reads.
    if (redacted && !this.replaying) this.rebuild();
  }

  /** Empties the jobs and replays the whole log. */
  rebuild(): void {
    this.db.transaction(() => {
      this.s.clearJobs!.run();
      this.s.clearPhotos!.run();
      this.s.writeProgress!.run(0, JOBS_PROJECTION_VERSION);
    })();
    this.appliedSeq = 0;
    this.replaying = true;
    try {
      this.catchUp();
    } finally {
      this.replaying = false;
    }
  }

  private applyEvent(event: RingsideEvent, lines: readonly string[]): void {
    for (const change of applyJobEvent(this.lookup, event)) {
      if (change.kind !== 'job') continue;
      const { job } = change;
      this.s.upsert!.run({ jobId: job.jobId, stage: job.stage, position: job.position, scheduledStart: job.details.scheduledStart, lines: JSON.stringify(lines), record: JSON.stringify(job) });
      for (const photo of job.photos) this.s.addPhoto!.run(photo.sha256, job.jobId);
    }
  }

  job(jobId: string): ProjectedJob | null {
    const row = this.s.jobWithLines!.get(jobId) as { record: string; lines: string } | undefined;
    return row === undefined ? null : projected(row);
  }

  /** Jobs in these stages that have a scheduled start, by job id. */
  scheduledIn(stages: readonly JobStage[]): ProjectedJob[] {
    return (this.s.inStages!.all(JSON.stringify(stages)) as { record: string; lines: string }[]).map(projected);
  }

  jobsWithPhoto(sha256: string): ProjectedJob[] {
    return (this.s.jobsOfPhoto!.all(sha256) as { record: string; lines: string }[]).map(projected);
  }
}

function projected(row: { record: string; lines: string }): ProjectedJob {
  return { job: JSON.parse(row.record) as JobRecord, lines: JSON.parse(row.lines) as string[] };
}
