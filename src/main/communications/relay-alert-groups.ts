import type { AlertHistoryRow, RelayAlertGroup, RelayAlerts } from '../../shared/api/communications';
import type { ConsoleDatabase } from '../db/open-console-database';

/** Open alerts nobody acknowledged since their latest raising (acknowledgement is team-wide: alert.acknowledged). */
const SHOWN = `FROM relay_alerts a WHERE NOT EXISTS (SELECT 1 FROM alert_acknowledgements k WHERE k.alert_id = a.alert_id AND k.seq > a.seq)`;

/**
 * The banner's lines: the relay raises one alert per piece of media ("A photo from
 * +1 617 555 0177 could not be saved yet; Ringside keeps trying."), so alerts with the
 * same words (same kind of media, same caller, same trouble) are one line with a count.
 * Alerts someone acknowledged, on any console, are left out until raised again.
 * Grouped and limited in SQL, so a burst of thousands stays one cheap query.
 */
export function activeAlertGroups(db: ConsoleDatabase, limit: number): RelayAlerts {
  const rows = db.sqlite
    .prepare(
      `SELECT message, count(*) AS n, min(raised_at_ms) AS since_ms, max(raised_at_ms) AS latest_ms
       ${SHOWN} GROUP BY message ORDER BY latest_ms DESC, message LIMIT ?`,
    )
    .all(limit) as { message: string; n: number; since_ms: number; latest_ms: number }[];
  const totals = db.sqlite.prepare(`SELECT count(*) AS alerts, count(DISTINCT message) AS groups, max(raised_at_ms) AS latest_ms, max(seq) AS latest_seq ${SHOWN}`).get() as {
    alerts: number;
    groups: number;
    latest_ms: number | null;
    latest_seq: number | null;
  };
  return {
    groups: rows.map((r) => ({ key: r.message, text: groupedAlertText(r.message, r.n), count: r.n, since: new Date(r.since_ms).toISOString() })),
    totalGroups: totals.groups,
    totalAlerts: totals.alerts,
    latestRaisedAt: totals.latest_ms === null ? null : new Date(totals.latest_ms).toISOString(),
    latestSeq: totals.latest_seq,
  };
}

/** The open, unacknowledged alerts raised at or before `throughSeq` (what a banner showed when Acknowledge was pressed). */
export function alertsToAcknowledge(db: ConsoleDatabase, throughSeq: number): { alertId: string; seq: number }[] {
  return db.sqlite.prepare(`SELECT alert_id AS alertId, seq ${SHOWN} AND a.seq <= ? ORDER BY a.seq`).all(throughSeq) as { alertId: string; seq: number }[];
}

/**
 * The Operations page's list: alerts raised, cleared and acknowledged, newest first, with
 * who acknowledged and where each was sent. An acknowledgement reads the words of the
 * alert it acknowledged (its latest raising before it).
 */
export function recentAlerts(db: ConsoleDatabase, limit: number): AlertHistoryRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT seq, alert_id, state AS kind, severity, message, channels_json, NULL AS by_whom, at_ms FROM alert_history
       UNION ALL
       SELECT k.seq, k.alert_id, 'acknowledged', coalesce(h.severity, 'warning'), coalesce(h.message, ''), '[]', k.by_whom, k.at_ms
       FROM alert_acknowledgements k
       LEFT JOIN alert_history h ON h.seq = (SELECT max(seq) FROM alert_history WHERE alert_id = k.alert_id AND state = 'raised' AND seq < k.seq)
       ORDER BY seq DESC LIMIT ?`,
    )
    .all(limit) as { seq: number; alert_id: string; kind: AlertHistoryRow['kind']; severity: AlertHistoryRow['severity']; message: string; channels_json: string; by_whom: string | null; at_ms: number }[];
  return rows.map((r) => ({
    seq: r.seq,
    alertId: r.alert_id,
    kind: r.kind,
    severity: r.severity,
    message: r.message,
    channels: JSON.parse(r.channels_json) as AlertHistoryRow['channels'],
    by: r.by_whom,
    at: new Date(r.at_ms).toISOString(),
  }));
}

const PIECE = /^(?:A|An) (call recording|voicemail|photo|video|audio clip|PDF|attachment) (.+)$/s;

/** "A photo from X could not be saved yet…" said `count` times reads "3 photos from X could not be saved yet…". Pure. */
export function groupedAlertText(message: string, count: number): RelayAlertGroup['text'] {
  if (count <= 1) return message;
  const piece = PIECE.exec(message);
  if (piece) return `${count} ${piece[1]}s ${piece[2]}`;
  return `${message} (${count} times)`;
}
