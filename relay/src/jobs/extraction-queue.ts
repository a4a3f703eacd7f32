import type { Statement } from 'better-sqlite3';
import type { ExtractionSubjectKind } from '../../../src/shared/jobs/extraction/extractor';
import type { RelayDatabase } from '../database';
import type { SubjectWords } from './subject-of-event';
import { unsyncedTransaction } from './unsynced-transaction';

export type ExtractionStage = 'offline' | 'model';

export interface PendingExtraction {
  kind: ExtractionSubjectKind;
  id: string;
  revision: number;
  stage: ExtractionStage;
  dueAtMs: number;
  attempts: number;
  touchedSeq: number;
}

interface PendingRow {
  subject_kind: ExtractionSubjectKind;
  subject_id: string;
  revision: number;
  stage: ExtractionStage;
  due_at_ms: number;
  attempts: number;
  touched_seq: number;
}

/**
 * What the relay still has to extract and what it did (migration 0024), durable so a restart
 * neither loses a subject nor extracts one twice: the words seen are recorded with the log's
 * cursor in one transaction; an extraction's event id names its revision, so one appended
 * just before a crash is recognized as a duplicate when it is tried again.
 */
export class ExtractionQueue {
  private readonly s: Record<string, Statement>;
  private readonly transaction: (write: () => void) => void;

  constructor(db: RelayDatabase) {
    this.s = {
      cursor: db.prepare("SELECT applied_seq FROM jobs_progress WHERE follower = 'extraction'").pluck(),
      writeCursor: db.prepare("INSERT INTO jobs_progress (follower, applied_seq) VALUES ('extraction', ?) ON CONFLICT (follower) DO UPDATE SET applied_seq = excluded.applied_seq"),
      member: db.prepare('SELECT seq FROM jobs_subject_events WHERE subject_kind = ? AND subject_id = ? AND member = ?').pluck(),
      upsertMember: db.prepare('INSERT INTO jobs_subject_events (subject_kind, subject_id, member, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET seq = excluded.seq'),
      members: db.prepare('SELECT seq FROM jobs_subject_events WHERE subject_kind = ? AND subject_id = ? ORDER BY seq').pluck(),
      pending: db.prepare('SELECT * FROM jobs_extraction_pending WHERE subject_kind = ? AND subject_id = ?'),
      extractedRevision: db.prepare('SELECT revision FROM jobs_extracted WHERE subject_kind = ? AND subject_id = ?').pluck(),
      upsertPending: db.prepare(`INSERT INTO jobs_extraction_pending (subject_kind, subject_id, revision, stage, due_at_ms, attempts, touched_seq) VALUES (@kind, @id, @revision, @stage, @dueAtMs, 0, @touchedSeq)
        ON CONFLICT (subject_kind, subject_id) DO UPDATE SET revision = excluded.revision, stage = excluded.stage, due_at_ms = excluded.due_at_ms, attempts = 0, touched_seq = excluded.touched_seq`),
      due: db.prepare('SELECT * FROM jobs_extraction_pending INDEXED BY jobs_extraction_pending_due WHERE due_at_ms <= ? ORDER BY due_at_ms LIMIT ?'),
      nextDue: db.prepare('SELECT min(due_at_ms) FROM jobs_extraction_pending').pluck(),
      deleteIfUntouched: db.prepare('DELETE FROM jobs_extraction_pending WHERE subject_kind = ? AND subject_id = ? AND touched_seq = ?'),
      bumpRevision: db.prepare('UPDATE jobs_extraction_pending SET revision = ? + 1 WHERE subject_kind = ? AND subject_id = ? AND revision <= ?'),
      toModel: db.prepare("UPDATE jobs_extraction_pending SET revision = revision + 1, stage = 'model', due_at_ms = ?, attempts = 0 WHERE subject_kind = ? AND subject_id = ? AND touched_seq = ?"),
      retryLater: db.prepare('UPDATE jobs_extraction_pending SET attempts = attempts + 1, due_at_ms = ? WHERE subject_kind = ? AND subject_id = ? AND touched_seq = ?'),
      upsertExtracted: db.prepare(`INSERT INTO jobs_extracted (subject_kind, subject_id, revision, extractor, seq, extracted_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (subject_kind, subject_id) DO UPDATE SET revision = max(revision, excluded.revision), extractor = excluded.extractor, seq = excluded.seq, extracted_at = excluded.extracted_at`),
      pendingCount: db.prepare('SELECT count(*) FROM jobs_extraction_pending').pluck(),
    };
    this.transaction = unsyncedTransaction(db);
  }

  get cursor(): number {
    return (this.s.cursor!.get() as number | undefined) ?? 0;
  }

  /** Records the words seen in a stretch of the log, and how far it was read, at once. */
  record(seen: readonly { seq: number; words: SubjectWords }[], throughSeq: number, dueAtMs: (words: SubjectWords) => number): void {
    this.transaction(() => {
      for (const { seq, words } of seen) this.saw(seq, words, dueAtMs(words));
      this.s.writeCursor!.run(throughSeq);
    });
  }

  private saw(seq: number, words: SubjectWords, dueAtMs: number): void {
    const known = this.s.member!.get(words.kind, words.id, words.member) as number | undefined;
    // A text seen again (delivered after sent) brings no new words; a new transcript does.
    if (known !== undefined && (words.kind === 'conversation' || known >= seq)) return;
    this.s.upsertMember!.run(words.kind, words.id, words.member, seq);
    const pending = this.s.pending!.get(words.kind, words.id) as PendingRow | undefined;
    // Words after the offline extraction went out start the offline one again, at the model's revision.
    const revision = pending !== undefined ? pending.revision : ((this.s.extractedRevision!.get(words.kind, words.id) as number | undefined) ?? 0) + 1;
    this.s.upsertPending!.run({ kind: words.kind, id: words.id, revision, stage: 'offline', dueAtMs, touchedSeq: seq });
  }

  /** The seqs of the events whose words make up a subject, oldest first. */
  membersOf(kind: ExtractionSubjectKind, id: string): number[] {
    return this.s.members!.all(kind, id) as number[];
  }

  due(nowMs: number, limit: number): PendingExtraction[] {
    return (this.s.due!.all(nowMs, limit) as PendingRow[]).map(fromRow);
  }

  nextDueAtMs(): number | null {
    return (this.s.nextDue!.get() as number | null | undefined) ?? null;
  }

  pendingCount(): number {
    return this.s.pendingCount!.get() as number;
  }

  /**
   * An extraction is in the log: it is cleared, or moved on to the model's, unless new words
   * came while it ran (then it stays due, at the next revision).
   */
  extracted(item: PendingExtraction, extractor: string, seq: number, atIso: string, modelDueAtMs: number | null): void {
    this.transaction(() => {
      this.s.upsertExtracted!.run(item.kind, item.id, item.revision, extractor, seq, atIso);
      const settled = modelDueAtMs === null ? this.s.deleteIfUntouched!.run(item.kind, item.id, item.touchedSeq) : this.s.toModel!.run(modelDueAtMs, item.kind, item.id, item.touchedSeq);
      if (settled.changes === 0) this.s.bumpRevision!.run(item.revision, item.kind, item.id, item.revision);
    });
  }

  /** Nothing to append (a thread the business alone wrote, a model that gave up): cleared unless touched since. */
  dropped(item: PendingExtraction): void {
    this.s.deleteIfUntouched!.run(item.kind, item.id, item.touchedSeq);
  }

  retryAt(item: PendingExtraction, atMs: number): void {
    this.s.retryLater!.run(atMs, item.kind, item.id, item.touchedSeq);
  }
}

function fromRow(row: PendingRow): PendingExtraction {
  return { kind: row.subject_kind, id: row.subject_id, revision: row.revision, stage: row.stage, dueAtMs: row.due_at_ms, attempts: row.attempts, touchedSeq: row.touched_seq };
}
