import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../../../database';

/** What the relay last synced of a provider's directory, and whether its key alert is raised (table provider_directory, migration 0007). */
export interface DirectoryState {
  contentHash: string | null;
  /** The lines the last sync listed. */
  lines: string[];
  /** The lines the key alert was raised on; null while none is raised. */
  alertLines: string[] | null;
}

export class DirectoryStore {
  private readonly select: Statement;
  private readonly writeSynced: Statement;
  private readonly writeAlert: Statement;

  constructor(db: RelayDatabase) {
    this.select = db.prepare('SELECT content_hash, lines, alert_lines FROM provider_directory WHERE provider = ?');
    this.writeSynced = db.prepare(
      `INSERT INTO provider_directory (provider, content_hash, lines, synced_at) VALUES (@provider, @hash, @lines, @at)
       ON CONFLICT (provider) DO UPDATE SET content_hash = excluded.content_hash, lines = excluded.lines, synced_at = excluded.synced_at`,
    );
    this.writeAlert = db.prepare(
      `INSERT INTO provider_directory (provider, alert_lines) VALUES (@provider, @alertLines)
       ON CONFLICT (provider) DO UPDATE SET alert_lines = excluded.alert_lines`,
    );
  }

  read(provider: string): DirectoryState {
    const row = this.select.get(provider) as { content_hash: string | null; lines: string; alert_lines: string | null } | undefined;
    if (row === undefined) return { contentHash: null, lines: [], alertLines: null };
    return { contentHash: row.content_hash, lines: JSON.parse(row.lines) as string[], alertLines: row.alert_lines === null ? null : (JSON.parse(row.alert_lines) as string[]) };
  }

  synced(provider: string, hash: string, lines: readonly string[], at: string): void {
    this.writeSynced.run({ provider, hash, lines: JSON.stringify(lines), at });
  }

  alert(provider: string, lines: readonly string[] | null): void {
    this.writeAlert.run({ provider, alertLines: lines === null ? null : JSON.stringify(lines) });
  }
}
