import type BetterSqlite3 from 'better-sqlite3';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * Projects the alerts' history (issue 12): each relay.alert raised or cleared into
 * alert_history, each alert.acknowledged into alert_acknowledgements (migration 0770).
 * relay_alerts (the open ones, project-communications.ts) stays the banner's source; an
 * acknowledgement later than an alert's latest raising hides it (relay-alert-groups.ts).
 * Idempotent: rows are keyed by seq.
 */
export function projectAlerts(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  if (event.type === 'relay.alert') {
    const d = event.data;
    statements(db).history.run({ seq, alert_id: d.alertId, state: d.state, severity: d.severity, message: d.message, channels_json: JSON.stringify(d.channels ?? []), at_ms: Date.parse(event.occurredAt) });
  } else if (event.type === 'alert.acknowledged') {
    statements(db).acknowledged.run({ seq, alert_id: event.data.alertId, by_whom: event.data.by, at_ms: Date.parse(event.receivedAt) });
  }
}

interface AlertStatements {
  history: BetterSqlite3.Statement<{ seq: number; alert_id: string; state: string; severity: string; message: string; channels_json: string; at_ms: number }>;
  acknowledged: BetterSqlite3.Statement<{ seq: number; alert_id: string; by_whom: string; at_ms: number }>;
}

const cache = new WeakMap<ConsoleDatabase, AlertStatements>();

function statements(db: ConsoleDatabase): AlertStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      history: db.sqlite.prepare('INSERT OR IGNORE INTO alert_history (seq, alert_id, state, severity, message, channels_json, at_ms) VALUES (@seq, @alert_id, @state, @severity, @message, @channels_json, @at_ms)'),
      acknowledged: db.sqlite.prepare('INSERT OR IGNORE INTO alert_acknowledgements (seq, alert_id, by_whom, at_ms) VALUES (@seq, @alert_id, @by_whom, @at_ms)'),
    };
    cache.set(db, s);
  }
  return s;
}
