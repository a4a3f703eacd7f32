import type { RelayDatabase } from '../../../database';
import type { IssuedHealthChecks } from './health-check-marker';

/** The health-check texts the relay sent (table health_checks, migration 0013). */

export interface StoredHealthCheck {
  id: number;
  marker: string;
  from: string;
  to: string;
  sentAtMs: number;
  deadlineMs: number;
  state: 'waiting' | 'passed' | 'failed';
  finishedAtMs: number | null;
  error: string | null;
}

interface Row {
  id: number;
  marker: string;
  from_e164: string;
  to_e164: string;
  sent_at_ms: number;
  deadline_ms: number;
  state: StoredHealthCheck['state'];
  finished_at_ms: number | null;
  error: string | null;
}

export class HealthCheckStore implements IssuedHealthChecks {
  constructor(private readonly db: RelayDatabase) {}

  sent(input: { marker: string; from: string; to: string; sentAtMs: number; deadlineMs: number }): void {
    this.db
      .prepare(`INSERT INTO health_checks (marker, from_e164, to_e164, sent_at_ms, deadline_ms, state) VALUES (?, ?, ?, ?, ?, 'waiting')`)
      .run(input.marker, input.from, input.to, input.sentAtMs, input.deadlineMs);
  }

  /** True when this marker was waiting and is now finished (a second webhook of it changes nothing). */
  finish(marker: string, state: 'passed' | 'failed', atMs: number, error: string | null): boolean {
    return this.db.prepare(`UPDATE health_checks SET state = ?, finished_at_ms = ?, error = ? WHERE marker = ? AND state = 'waiting'`).run(state, atMs, error, marker).changes === 1;
  }

  /** The lines the test text with this marker was sent between, or null when the relay never issued it. */
  pairOf(marker: string): { from: string; to: string } | null {
    const row = this.db.prepare('SELECT from_e164, to_e164 FROM health_checks WHERE marker = ?').get(marker) as Pick<Row, 'from_e164' | 'to_e164'> | undefined;
    return row === undefined ? null : { from: row.from_e164, to: row.to_e164 };
  }

  waiting(): StoredHealthCheck[] {
    return (this.db.prepare(`SELECT * FROM health_checks WHERE state = 'waiting' ORDER BY id`).all() as Row[]).map(fromRow);
  }

  latest(): StoredHealthCheck | null {
    const row = this.db.prepare('SELECT * FROM health_checks ORDER BY id DESC LIMIT 1').get() as Row | undefined;
    return row === undefined ? null : fromRow(row);
  }

  lastPassedAtMs(): number | null {
    return (this.db.prepare(`SELECT max(finished_at_ms) FROM health_checks WHERE state = 'passed'`).pluck().get() as number | null) ?? null;
  }
}

function fromRow(row: Row): StoredHealthCheck {
  return { id: row.id, marker: row.marker, from: row.from_e164, to: row.to_e164, sentAtMs: row.sent_at_ms, deadlineMs: row.deadline_ms, state: row.state, finishedAtMs: row.finished_at_ms, error: row.error };
}
