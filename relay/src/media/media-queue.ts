import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';
import type { PermanentRefusal } from './alert-wording';
import type { CarriedMedia, MediaKind } from './media-items';

/**
 * The durable download queue and record of captured media: the `media` table
 * (db/migrations/0005-create-media.ts), one row per mediaId. Every write commits before
 * it returns (the connection is synchronous=FULL), so a relay stopped at any point
 * resumes each pending download when it starts again.
 */

export interface MediaRow {
  mediaId: string;
  url: string;
  kind: MediaKind;
  declaredType: string | null;
  lines: string[];
  callId: string | null;
  party: string | null;
  direction: 'incoming' | 'outgoing' | null;
  attempts: number;
  firstAttemptAt: number | null;
  nextAttemptAt: number;
  alertRaised: boolean;
  /** Why it was last refused (migration 0008), kept while it is tried again after a settings change. */
  refusal: PermanentRefusal | null;
  /** Set once the file is in place, before its media.captured fact is appended. */
  file: StoredFile | null;
}

/** What queuing an event's media did: `alertToClear`, a refusal's alert a new link has superseded. */
export interface Enqueued {
  queued: boolean;
  alertToClear: { attempts: number } | null;
}

export interface StoredFile {
  sha256: string;
  contentType: string;
  bytes: number;
}

export interface CapturedFile {
  contentType: string;
  bytes: number;
  /** The lines of every captured media row with these bytes: a device seeing any of them may fetch the file. */
  lines: string[][];
}

interface StoredRow {
  media_id: string;
  url: string;
  kind: MediaKind;
  declared_type: string | null;
  lines: string;
  call_id: string | null;
  party: string | null;
  direction: 'incoming' | 'outgoing' | null;
  attempts: number;
  first_attempt_at: number | null;
  next_attempt_at: number;
  alert_raised: number;
  refusal: string | null;
  sha256: string | null;
  content_type: string | null;
  bytes: number | null;
}

export class MediaQueue {
  private readonly upsert: Statement;
  private readonly selectDue: Statement;
  private readonly updateFailure: Statement;
  private readonly updateRefused: Statement;
  private readonly updateStored: Statement;
  private readonly updateCaptured: Statement;
  private readonly updateAlert: Statement;
  private readonly selectCaptured: Statement;
  private readonly selectPendingCount: Statement;
  private readonly selectState: Statement;
  private readonly selectRefused: Statement;
  private readonly updateRequeued: Statement;

  constructor(db: RelayDatabase) {
    // A delivery repeated with the same URL changes nothing; a new URL for media not yet
    // captured (a later event, a fresher signed link) replaces the old one and is tried now.
    // A refusal's alert no longer stands then: the capturer clears it.
    this.upsert = db.prepare(`
      INSERT INTO media (media_id, url, kind, declared_type, lines, call_id, party, direction, state, next_attempt_at, queued_at)
      VALUES (@mediaId, @url, @kind, @declaredType, @lines, @callId, @party, @direction, 'pending', @now, @queuedAt)
      ON CONFLICT (media_id) DO UPDATE SET
        url = excluded.url,
        alert_raised = CASE WHEN media.state = 'refused' THEN 0 ELSE media.alert_raised END,
        refusal = NULL,
        state = 'pending',
        next_attempt_at = excluded.next_attempt_at,
        declared_type = coalesce(media.declared_type, excluded.declared_type),
        party = coalesce(media.party, excluded.party),
        direction = coalesce(media.direction, excluded.direction)
      WHERE media.state <> 'captured' AND media.url <> excluded.url`);
    this.selectDue = db.prepare(`
      SELECT media_id, url, kind, declared_type, lines, call_id, party, direction, attempts, first_attempt_at, next_attempt_at, alert_raised, refusal, sha256, content_type, bytes
      FROM media INDEXED BY media_pending_by_due WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`);
    this.updateFailure = db.prepare(`
      UPDATE media SET attempts = @attempts, first_attempt_at = @firstAttemptAt, next_attempt_at = @nextAttemptAt, last_error = @error, alert_raised = @alertRaised
      WHERE media_id = @mediaId AND url = @url AND state = 'pending'`);
    this.updateRefused = db.prepare(`
      UPDATE media SET state = 'refused', attempts = @attempts, first_attempt_at = @firstAttemptAt, last_error = @error, alert_raised = @alertRaised, refusal = @refusal
      WHERE media_id = @mediaId AND url = @url AND state = 'pending'`);
    this.updateStored = db.prepare('UPDATE media SET sha256 = @sha256, content_type = @contentType, bytes = @bytes WHERE media_id = @mediaId');
    this.updateCaptured = db.prepare(`
      UPDATE media SET state = 'captured', captured_at = @capturedAt, attempts = @attempts, last_error = NULL, alert_raised = 0
      WHERE media_id = @mediaId`);
    this.updateAlert = db.prepare('UPDATE media SET alert_raised = ? WHERE media_id = ?');
    // Served from the moment the file is in place: its media.captured fact may reach a console before the row says captured.
    this.selectCaptured = db.prepare('SELECT content_type, bytes, lines FROM media INDEXED BY media_by_sha256 WHERE sha256 = ?');
    this.selectPendingCount = db.prepare("SELECT count(*) FROM media INDEXED BY media_pending_by_due WHERE state = 'pending'").pluck();
    this.selectState = db.prepare('SELECT state, alert_raised, attempts FROM media WHERE media_id = ?');
    this.selectRefused = db.prepare("SELECT media_id, refusal FROM media INDEXED BY media_refused_by_settings WHERE state = 'refused' AND refusal IS NOT NULL");
    // The alert and the refusal stay: success clears the one, the same refusal again does not repeat it.
    this.updateRequeued = db.prepare("UPDATE media SET state = 'pending', next_attempt_at = ? WHERE media_id = ? AND state = 'refused'");
  }

  /** Queues media an event carried. */
  enqueue(media: CarriedMedia, now: number): Enqueued {
    const { item } = media;
    const before = this.selectState.get(item.mediaId) as { state: string; alert_raised: number; attempts: number } | undefined;
    const info = this.upsert.run({
      mediaId: item.mediaId,
      url: item.url,
      kind: media.kind,
      declaredType: item.contentType,
      lines: JSON.stringify(media.lines),
      callId: media.callId,
      party: media.party,
      direction: media.direction,
      now,
      queuedAt: new Date(now).toISOString(),
    });
    const queued = info.changes > 0;
    const superseded = queued && before?.state === 'refused' && before.alert_raised === 1;
    return { queued, alertToClear: superseded ? { attempts: before.attempts } : null };
  }

  /** Refused rows whose refusal settings may have lifted, with it. */
  settingsRefusals(): { mediaId: string; refusal: PermanentRefusal }[] {
    const rows = this.selectRefused.all() as { media_id: string; refusal: string }[];
    return rows.flatMap((row) => {
      const refusal = parseRefusal(row.refusal);
      return refusal === null ? [] : [{ mediaId: row.media_id, refusal }];
    });
  }

  /** A refused row is tried again now (its link may still work). */
  requeue(mediaId: string, now: number): boolean {
    return this.updateRequeued.run(now, mediaId).changes > 0;
  }

  /** Pending downloads due by `now`, soonest first, skipping those already under way. */
  due(now: number, limit: number, busy: ReadonlySet<string>): MediaRow[] {
    const rows = this.selectDue.all(now, limit + busy.size) as StoredRow[];
    return rows.filter((row) => !busy.has(row.media_id)).slice(0, limit).map(fromRow);
  }

  pendingCount(): number {
    return this.selectPendingCount.get() as number;
  }

  /** Records a failed try, unless the row got a new URL meanwhile (then that one is tried as scheduled). */
  failed(row: MediaRow, update: { attempts: number; firstAttemptAt: number; nextAttemptAt: number; error: string; alertRaised: boolean }): void {
    this.updateFailure.run({ mediaId: row.mediaId, url: row.url, ...update, alertRaised: update.alertRaised ? 1 : 0 });
  }

  refused(row: MediaRow, update: { attempts: number; firstAttemptAt: number; error: string; alertRaised: boolean; refusal: PermanentRefusal }): void {
    this.updateRefused.run({ mediaId: row.mediaId, url: row.url, ...update, alertRaised: update.alertRaised ? 1 : 0, refusal: JSON.stringify(update.refusal) });
  }

  /** The file is in place under its hash (its fact is appended next). */
  stored(mediaId: string, file: StoredFile): void {
    this.updateStored.run({ mediaId, ...file });
  }

  /** Its media.captured fact is in the log: done. */
  captured(mediaId: string, attempts: number, now: number): void {
    this.updateCaptured.run({ mediaId, attempts, capturedAt: new Date(now).toISOString() });
  }

  alertRaised(mediaId: string, raised: boolean): void {
    this.updateAlert.run(raised ? 1 : 0, mediaId);
  }

  /** The captured file with these bytes, or null when none was captured. */
  capturedFile(sha256: string): CapturedFile | null {
    const rows = this.selectCaptured.all(sha256) as { content_type: string; bytes: number; lines: string }[];
    const first = rows[0];
    if (first === undefined) return null;
    return { contentType: first.content_type, bytes: first.bytes, lines: rows.map((row) => JSON.parse(row.lines) as string[]) };
  }
}

function fromRow(row: StoredRow): MediaRow {
  return {
    mediaId: row.media_id,
    url: row.url,
    kind: row.kind,
    declaredType: row.declared_type,
    lines: JSON.parse(row.lines) as string[],
    callId: row.call_id,
    party: row.party,
    direction: row.direction,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
    nextAttemptAt: row.next_attempt_at,
    alertRaised: row.alert_raised === 1,
    refusal: row.refusal === null ? null : parseRefusal(row.refusal),
    file: row.sha256 !== null && row.content_type !== null && row.bytes !== null ? { sha256: row.sha256, contentType: row.content_type, bytes: row.bytes } : null,
  };
}

function parseRefusal(json: string): PermanentRefusal | null {
  try {
    const value = JSON.parse(json) as PermanentRefusal | null;
    return value !== null && typeof value === 'object' && typeof value.reason === 'string' ? value : null;
  } catch {
    return null;
  }
}
