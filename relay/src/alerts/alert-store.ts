import type { RelayDatabase } from '../database';
import type { AlertSeverity } from './relay-alert-event';

/** One alert's row in the alerts table (migration 0014). */
export interface AlertRow {
  alertId: string;
  state: 'open' | 'cleared';
  severity: AlertSeverity;
  message: string;
  lines: string[];
  /** How many times it has been raised anew (after a clearing, or the first time). */
  episode: number;
  /** Raise calls in this episode: the first and its deduplicated repeats. */
  raises: number;
  raisedAtMs: number;
  lastRaisedAtMs: number;
  clearedAtMs: number | null;
  /** When a raising of it was last sent by email or SMS, and which episode: the per-alert rate limit. */
  notifiedAtMs: number | null;
  notifiedEpisode: number | null;
}

interface StoredRow {
  alert_id: string;
  state: 'open' | 'cleared';
  severity: AlertSeverity;
  message: string;
  lines: string;
  episode: number;
  raises: number;
  raised_at_ms: number;
  last_raised_at_ms: number;
  cleared_at_ms: number | null;
  notified_at_ms: number | null;
  notified_episode: number | null;
}

/** The alerts table: each alertId's state, so a raise while it is open is counted rather than raised again. */
export class AlertStore {
  constructor(private readonly db: RelayDatabase) {}

  find(alertId: string): AlertRow | null {
    const row = this.db.prepare('SELECT * FROM alerts WHERE alert_id = ?').get(alertId) as StoredRow | undefined;
    return row === undefined ? null : fromRow(row);
  }

  /** Raised anew: episode `episode`, first raise at `now`; `notified` when it goes out by email or SMS. */
  opened(alert: { alertId: string; severity: AlertSeverity; message: string; lines: readonly string[]; episode: number; notified: boolean }, now: number): void {
    this.db
      .prepare(
        `INSERT INTO alerts (alert_id, state, severity, message, lines, episode, raises, raised_at_ms, last_raised_at_ms, cleared_at_ms, notified_at_ms, notified_episode)
         VALUES (@alertId, 'open', @severity, @message, @lines, @episode, 1, @now, @now, NULL, @notifiedAt, @notifiedEpisode)
         ON CONFLICT (alert_id) DO UPDATE SET state = 'open', severity = excluded.severity, message = excluded.message, lines = excluded.lines, episode = excluded.episode,
           raises = 1, raised_at_ms = excluded.raised_at_ms, last_raised_at_ms = excluded.last_raised_at_ms, cleared_at_ms = NULL,
           notified_at_ms = coalesce(excluded.notified_at_ms, alerts.notified_at_ms), notified_episode = coalesce(excluded.notified_episode, alerts.notified_episode)`,
      )
      .run({ ...alert, lines: JSON.stringify(alert.lines), now, notifiedAt: alert.notified ? now : null, notifiedEpisode: alert.notified ? alert.episode : null });
  }

  /** Raised again while open with the same words: counted. */
  repeated(alertId: string, now: number): void {
    this.db.prepare('UPDATE alerts SET raises = raises + 1, last_raised_at_ms = ? WHERE alert_id = ?').run(now, alertId);
  }

  /** Raised again while open with new words or severity: the banner shows them. */
  reworded(alertId: string, change: { message: string; severity: AlertSeverity; lines: readonly string[]; notified: boolean }, now: number): void {
    this.db
      .prepare(
        `UPDATE alerts SET raises = raises + 1, last_raised_at_ms = @now, message = @message, severity = @severity, lines = @lines,
           notified_at_ms = CASE WHEN @notified THEN @now ELSE notified_at_ms END, notified_episode = CASE WHEN @notified THEN episode ELSE notified_episode END
         WHERE alert_id = @alertId`,
      )
      .run({ alertId, message: change.message, severity: change.severity, lines: JSON.stringify(change.lines), notified: change.notified ? 1 : 0, now });
  }

  cleared(alertId: string, message: string, now: number): void {
    this.db.prepare("UPDATE alerts SET state = 'cleared', message = ?, cleared_at_ms = ? WHERE alert_id = ?").run(message, now, alertId);
  }

  openCount(): number {
    return this.db.prepare("SELECT count(*) FROM alerts WHERE state = 'open'").pluck().get() as number;
  }
}

function fromRow(row: StoredRow): AlertRow {
  return {
    alertId: row.alert_id,
    state: row.state,
    severity: row.severity,
    message: row.message,
    lines: JSON.parse(row.lines) as string[],
    episode: row.episode,
    raises: row.raises,
    raisedAtMs: row.raised_at_ms,
    lastRaisedAtMs: row.last_raised_at_ms,
    clearedAtMs: row.cleared_at_ms,
    notifiedAtMs: row.notified_at_ms,
    notifiedEpisode: row.notified_episode,
  };
}
