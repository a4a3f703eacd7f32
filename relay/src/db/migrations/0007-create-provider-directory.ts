import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// The last directory a provider's API listed (its lines and users), per provider, so the
// relay appends a provider.directory_synced event only when it changed, across restarts.
// `content_hash` is the SHA-256 of the synced content (null until a sync succeeded);
// `lines` the lines it listed (JSON array of E.164), which an alert about the key goes to;
// `alert_lines` the lines of the key alert raised and not yet cleared (null: none raised).
export const migration: RelayMigration = {
  name: '0007-create-provider-directory',
  sql: `
  CREATE TABLE provider_directory (
    provider TEXT PRIMARY KEY,
    content_hash TEXT CHECK (content_hash IS NULL OR length(content_hash) = 64),
    lines TEXT NOT NULL DEFAULT '[]',
    synced_at TEXT,
    alert_lines TEXT,
    CHECK ((content_hash IS NULL) = (synced_at IS NULL))
  ) WITHOUT ROWID;
  `,
};
