import type { RelayAlertGroup, RelayAlerts } from '../../shared/api/communications';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * The banner's lines: the relay raises one alert per piece of media ("A photo from
 * +1 617 555 0177 could not be saved yet; Ringside keeps trying."), so alerts with the
 * same words (same kind of media, same caller, same trouble) are one line with a count.
 * Grouped and limited in SQL, so a burst of thousands stays one cheap query.
 */
export function activeAlertGroups(db: ConsoleDatabase, limit: number): RelayAlerts {
  const rows = db.sqlite
    .prepare(
      `SELECT message, count(*) AS n, min(raised_at_ms) AS since_ms, max(raised_at_ms) AS latest_ms
       FROM relay_alerts GROUP BY message ORDER BY latest_ms DESC, message LIMIT ?`,
    )
    .all(limit) as { message: string; n: number; since_ms: number; latest_ms: number }[];
  const totals = db.sqlite.prepare('SELECT count(*) AS alerts, count(DISTINCT message) AS groups, max(raised_at_ms) AS latest_ms FROM relay_alerts').get() as {
    alerts: number;
    groups: number;
    latest_ms: number | null;
  };
  return {
    groups: rows.map((r) => ({ key: r.message, text: groupedAlertText(r.message, r.n), count: r.n, since: new Date(r.since_ms).toISOString() })),
    totalGroups: totals.groups,
    totalAlerts: totals.alerts,
    latestRaisedAt: totals.latest_ms === null ? null : new Date(totals.latest_ms).toISOString(),
  };
}

const PIECE = /^(?:A|An) (call recording|voicemail|photo|video|audio clip|PDF|attachment) (.+)$/s;

/** "A photo from X could not be saved yet…" said `count` times reads "3 photos from X could not be saved yet…". Pure. */
export function groupedAlertText(message: string, count: number): RelayAlertGroup['text'] {
  if (count <= 1) return message;
  const piece = PIECE.exec(message);
  if (piece) return `${count} ${piece[1]}s ${piece[2]}`;
  return `${message} (${count} times)`;
}
