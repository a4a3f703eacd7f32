import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/**
 * The durable transcription queue (tables of migration 0023): one row per recording or
 * voicemail of a call, the calls a provider transcribed itself, and how far the log has
 * been read. Every write commits before it returns (synchronous=FULL), so a relay stopped
 * anywhere resumes each waiting transcription when it starts again.
 */

export type TranscriptionKind = 'recording' | 'voicemail';
export type TranscriptionState = 'waiting' | 'done' | 'provider' | 'failed' | 'gone';

export interface TranscriptionRow {
  callId: string;
  mediaId: string;
  kind: TranscriptionKind;
  sha256: string;
  contentType: string;
  lines: string[];
  state: TranscriptionState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface QueuedAudio {
  callId: string;
  mediaId: string;
  kind: TranscriptionKind;
  sha256: string;
  contentType: string;
  lines: readonly string[];
}

interface StoredRow {
  call_id: string;
  media_id: string;
  kind: TranscriptionKind;
  sha256: string;
  content_type: string;
  lines: string;
  state: TranscriptionState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

/** A provider transcript covering the whole call is stored under this media id. */
const WHOLE_CALL = '';

export class TranscriptionQueue {
  private readonly insert: Statement;
  private readonly insertProvider: Statement;
  private readonly selectProvider: Statement;
  private readonly settleByProvider: Statement;
  private readonly selectDue: Statement;
  private readonly selectOne: Statement;
  private readonly updateRetry: Statement;
  private readonly updateFinished: Statement;
  private readonly selectCursor: Statement;
  private readonly upsertCursor: Statement;
  private readonly selectWaitingCount: Statement;

  constructor(private readonly db: RelayDatabase) {
    this.insert = db.prepare(`
      INSERT INTO transcriptions (call_id, media_id, kind, sha256, content_type, lines, state, attempts, next_attempt_at, queued_at, finished_at)
      VALUES (@callId, @mediaId, @kind, @sha256, @contentType, @lines, @state, 0, @nextAttemptAt, @now, @finishedAt)
      ON CONFLICT (call_id, media_id) DO NOTHING`);
    this.insertProvider = db.prepare('INSERT INTO transcription_provider_calls (call_id, media_id, seq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.selectProvider = db.prepare("SELECT 1 FROM transcription_provider_calls WHERE call_id = ? AND media_id IN ('', ?)").pluck();
    this.settleByProvider = db.prepare(`
      UPDATE transcriptions SET state = 'provider', finished_at = @now
      WHERE call_id = @callId AND state = 'waiting' AND (@mediaId = '' OR media_id = @mediaId)`);
    this.selectDue = db.prepare("SELECT * FROM transcriptions INDEXED BY transcriptions_due WHERE state = 'waiting' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?");
    this.selectOne = db.prepare('SELECT * FROM transcriptions WHERE call_id = ? AND media_id = ?');
    this.updateRetry = db.prepare("UPDATE transcriptions SET attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @error WHERE call_id = @callId AND media_id = @mediaId AND state = 'waiting'");
    this.updateFinished = db.prepare(`
      UPDATE transcriptions SET state = @state, attempts = @attempts, last_error = @error, finished_at = @now
      WHERE call_id = @callId AND media_id = @mediaId AND state = 'waiting'`);
    this.selectCursor = db.prepare('SELECT seq FROM transcription_cursor WHERE id = 1').pluck();
    this.upsertCursor = db.prepare('INSERT INTO transcription_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq');
    this.selectWaitingCount = db.prepare("SELECT count(*) FROM transcriptions INDEXED BY transcriptions_due WHERE state = 'waiting'").pluck();
  }

  /** Runs `work` in one transaction (a batch of log entries and the cursor after them). */
  transaction(work: () => void): void {
    this.db.transaction(work)();
  }

  /**
   * A call's captured audio: waits until `dueAt` for the provider's transcript, unless one came already (then
   * it is kept as settled by the provider, so it is never sent). Queuing it again changes nothing.
   */
  enqueue(audio: QueuedAudio, dueAt: number, now: number): void {
    const provided = this.selectProvider.get(audio.callId, audio.mediaId) !== undefined;
    this.insert.run({
      callId: audio.callId,
      mediaId: audio.mediaId,
      kind: audio.kind,
      sha256: audio.sha256,
      contentType: audio.contentType,
      lines: JSON.stringify(audio.lines),
      state: provided ? 'provider' : 'waiting',
      nextAttemptAt: dueAt,
      now,
      finishedAt: provided ? now : null,
    });
  }

  /** The provider transcribed the call (mediaId null) or one of its voicemails: nothing waiting for it is sent. */
  providerTranscribed(callId: string, mediaId: string | null, seq: number, now: number): void {
    this.insertProvider.run(callId, mediaId ?? WHOLE_CALL, seq);
    this.settleByProvider.run({ callId, mediaId: mediaId ?? WHOLE_CALL, now });
  }

  due(now: number, limit: number): TranscriptionRow[] {
    return (this.selectDue.all(now, limit) as StoredRow[]).map(fromRow);
  }

  /** The soonest waiting row's due time, or null. */
  nextDueAt(): number | null {
    const [soonest] = this.due(Number.MAX_SAFE_INTEGER, 1);
    return soonest?.nextAttemptAt ?? null;
  }

  find(callId: string, mediaId: string): TranscriptionRow | null {
    const row = this.selectOne.get(callId, mediaId) as StoredRow | undefined;
    return row === undefined ? null : fromRow(row);
  }

  retryAt(row: TranscriptionRow, attempts: number, nextAttemptAt: number, error: string): void {
    this.updateRetry.run({ callId: row.callId, mediaId: row.mediaId, attempts, nextAttemptAt, error: error.slice(0, 500) });
  }

  /** Leaves the queue: transcribed, failed for good, or its audio gone. False when it was no longer waiting (a provider transcript came meanwhile). */
  finish(row: TranscriptionRow, state: 'done' | 'failed' | 'gone', attempts: number, error: string | null, now: number): boolean {
    return this.updateFinished.run({ callId: row.callId, mediaId: row.mediaId, state, attempts, error: error?.slice(0, 500) ?? null, now }).changes > 0;
  }

  /** The log seq read up to; null before the first start with transcription on. */
  cursor(): number | null {
    return (this.selectCursor.get() as number | undefined) ?? null;
  }

  setCursor(seq: number): void {
    this.upsertCursor.run(seq);
  }

  waitingCount(): number {
    return this.selectWaitingCount.get() as number;
  }
}

function fromRow(row: StoredRow): TranscriptionRow {
  let lines: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.lines);
    if (Array.isArray(parsed)) lines = parsed.filter((line): line is string => typeof line === 'string');
  } catch {
    lines = [];
  }
  return {
    callId: row.call_id,
    mediaId: row.media_id,
    kind: row.kind,
    sha256: row.sha256,
    contentType: row.content_type,
    lines,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
  };
}
