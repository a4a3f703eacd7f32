import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Issue 12 alerts (relay/src/alerts): one row per alertId, open or cleared, so a raise
// while open is counted instead of raised again, and the mail and SMS owed for each
// raising, kept until sent (retried, never dropped). check_health: the last success and
// failure of each recurring check, for /healthz and /metrics (relay/src/health).
export const migration: RelayMigration = {
  name: '0014-create-alerts',
  sql: `
  CREATE TABLE alerts (
    alert_id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('open', 'cleared')),
    severity TEXT NOT NULL CHECK (severity IN ('warning', 'critical')),
    message TEXT NOT NULL,
    lines TEXT NOT NULL,
    episode INTEGER NOT NULL,
    raises INTEGER NOT NULL,
    raised_at_ms INTEGER NOT NULL,
    last_raised_at_ms INTEGER NOT NULL,
    cleared_at_ms INTEGER,
    notified_at_ms INTEGER,
    notified_episode INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL,
    episode INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'cleared')),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL,
    last_error TEXT,
    sent_at_ms INTEGER,
    batch INTEGER,
    UNIQUE (alert_id, episode, kind, channel)
  );
  CREATE INDEX alert_deliveries_pending ON alert_deliveries (channel, next_attempt_at_ms) WHERE state = 'pending';
  CREATE INDEX alert_deliveries_sent ON alert_deliveries (channel, sent_at_ms) WHERE state = 'sent';
  CREATE TABLE check_health (
    check_name TEXT PRIMARY KEY,
    last_success_at_ms INTEGER,
    last_failure_at_ms INTEGER,
    last_failure TEXT
  ) WITHOUT ROWID;
  `,
};
