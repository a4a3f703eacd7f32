import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../../database';

/**
 * The verifier's durable state (migration 0019): how far it has read the log, and one job per
 * Flutterwave transaction (or cancelled subscription) until verification has settled it. A job
 * is keyed by what it verifies, so the same charge arriving twice (a retry, a resend, a second
 * body) is one job; a webhook for a job already waiting makes it due at once. A job an earlier
 * relay ended because Flutterwave would not confirm it (UNCONFIRMED_OUTCOME; this one keeps
 * asking instead) is reopened by a new webhook for it or by the reference sweep finding it.
 */

/** How an earlier relay ended a job Flutterwave refused to confirm; such a job can be reopened. */
export const UNCONFIRMED_OUTCOME = 'not confirmed by Flutterwave';
/** The last error of a try Flutterwave refused (4xx, an answer off the schema), not an outage: the outage alert does not count it. */
export const REFUSED_ERROR_PREFIX = 'refused:';

export type VerificationKind = 'charge' | 'subscription_cancelled';

export interface VerificationJob {
  jobKey: string;
  kind: VerificationKind;
  subjectId: string;
  email: string | null;
  webhookSeq: number;
  attempts: number;
  firstFailedAtMs: number | null;
  nextAtMs: number;
  lastError: string | null;
}

export function jobKeyOf(kind: VerificationKind, subjectId: string): string {
  return `${kind}:${subjectId}`;
}

export class VerificationQueue {
  private readonly readCursor: Statement;
  private readonly writeCursor: Statement;
  private readonly insert: Statement;
  private readonly wake: Statement;
  private readonly due: Statement;
  private readonly nextDue: Statement;
  private readonly failedStmt: Statement;
  private readonly doneStmt: Statement;
  private readonly laterStmt: Statement;
  private readonly failing: Statement;
  private readonly pendingCountStmt: Statement;
  private readonly reopenStmt: Statement;

  constructor(private readonly db: RelayDatabase) {
    this.readCursor = db.prepare('SELECT after_seq FROM flutterwave_scan WHERE id = 1').pluck();
    this.writeCursor = db.prepare('INSERT INTO flutterwave_scan (id, after_seq) VALUES (1, @seq) ON CONFLICT (id) DO UPDATE SET after_seq = max(after_seq, excluded.after_seq)');
    this.insert = db.prepare(
      `INSERT INTO flutterwave_verifications (job_key, kind, subject_id, email, webhook_seq, state, next_at_ms, updated_at_ms)
       VALUES (@jobKey, @kind, @subjectId, @email, @webhookSeq, 'pending', @now, @now) ON CONFLICT (job_key) DO NOTHING`,
    );
    this.wake = db.prepare("UPDATE flutterwave_verifications SET next_at_ms = min(next_at_ms, @now), updated_at_ms = @now WHERE job_key = @jobKey AND state = 'pending'");
    this.due = db.prepare("SELECT * FROM flutterwave_verifications WHERE state = 'pending' AND next_at_ms <= ? ORDER BY next_at_ms LIMIT ?");
    this.nextDue = db.prepare("SELECT min(next_at_ms) FROM flutterwave_verifications WHERE state = 'pending'").pluck();
    this.failedStmt = db.prepare(
      "UPDATE flutterwave_verifications SET attempts = attempts + 1, first_failed_at_ms = coalesce(first_failed_at_ms, @now), next_at_ms = @nextAt, last_error = @error, updated_at_ms = @now WHERE job_key = @jobKey AND state = 'pending'",
    );
    this.laterStmt = db.prepare("UPDATE flutterwave_verifications SET next_at_ms = @nextAt, updated_at_ms = @now WHERE job_key = @jobKey AND state = 'pending'");
    this.doneStmt = db.prepare("UPDATE flutterwave_verifications SET state = 'done', outcome = @outcome, outcome_seq = @seq, last_error = NULL, updated_at_ms = @now WHERE job_key = @jobKey");
    this.failing = db.prepare(`SELECT count(*) FROM flutterwave_verifications WHERE state = 'pending' AND attempts >= ? AND coalesce(last_error, '') NOT LIKE '${REFUSED_ERROR_PREFIX}%'`).pluck();
    this.reopenStmt = db.prepare(
      `UPDATE flutterwave_verifications SET state = 'pending', outcome = NULL, outcome_seq = NULL, attempts = 0, first_failed_at_ms = NULL, next_at_ms = @now, last_error = NULL, updated_at_ms = @now
       WHERE job_key = @jobKey AND state = 'done' AND outcome LIKE '${UNCONFIRMED_OUTCOME}%'`,
    );
    this.pendingCountStmt = db.prepare("SELECT count(*) FROM flutterwave_verifications WHERE state = 'pending'").pluck();
  }

  cursor(): number {
    return (this.readCursor.get() as number | undefined) ?? 0;
  }

  /** The jobs found in log entries up to `throughSeq`, and the cursor moved past them, in one transaction. */
  enqueue(jobs: readonly Omit<VerificationJob, 'attempts' | 'firstFailedAtMs' | 'nextAtMs' | 'lastError'>[], throughSeq: number, now: number): void {
    this.db.transaction(() => {
      for (const job of jobs) {
        if (this.insert.run({ ...job, now }).changes === 0 && this.reopenStmt.run({ jobKey: job.jobKey, now }).changes === 0) this.wake.run({ jobKey: job.jobKey, now });
      }
      this.writeCursor.run({ seq: throughSeq });
    })();
  }

  dueJobs(now: number, limit: number): VerificationJob[] {
    return (this.due.all(now, limit) as Row[]).map(fromRow);
  }

  nextDueAtMs(): number | null {
    return (this.nextDue.get() as number | null | undefined) ?? null;
  }

  failed(jobKey: string, error: string, nextAtMs: number, now: number): void {
    this.failedStmt.run({ jobKey, error: error.slice(0, 500), nextAt: nextAtMs, now });
  }

  /** A transaction found without its webhook (the reconciliation by reference): queued unless it already is (or reopened when Flutterwave would not confirm it before). True when it is due now. */
  found(job: Omit<VerificationJob, 'attempts' | 'firstFailedAtMs' | 'nextAtMs' | 'lastError'>, now: number): boolean {
    return this.db.transaction(() => this.insert.run({ ...job, now }).changes > 0 || this.reopenStmt.run({ jobKey: job.jobKey, now }).changes > 0)();
  }

  /** Not settled yet, and no failure either (a charge still pending at Flutterwave). */
  later(jobKey: string, nextAtMs: number, now: number): void {
    this.laterStmt.run({ jobKey, nextAt: nextAtMs, now });
  }

  /** Settled: `outcome` says how in a few words; `seq` is the event it appended (a duplicate's stored seq), if any. */
  done(jobKey: string, outcome: string, seq: number | null, now: number): void {
    this.doneStmt.run({ jobKey, outcome: outcome.slice(0, 500), seq, now });
  }

  failingCount(minAttempts: number): number {
    return this.failing.get(minAttempts) as number;
  }

  pendingCount(): number {
    return this.pendingCountStmt.get() as number;
  }
}

interface Row {
  job_key: string;
  kind: VerificationKind;
  subject_id: string;
  email: string | null;
  webhook_seq: number;
  attempts: number;
  first_failed_at_ms: number | null;
  next_at_ms: number;
  last_error: string | null;
}

function fromRow(row: Row): VerificationJob {
  return {
    jobKey: row.job_key,
    kind: row.kind,
    subjectId: row.subject_id,
    email: row.email,
    webhookSeq: row.webhook_seq,
    attempts: row.attempts,
    firstFailedAtMs: row.first_failed_at_ms,
    nextAtMs: row.next_at_ms,
    lastError: row.last_error,
  };
}
