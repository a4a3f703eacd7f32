import type { RelayDatabase } from '../../../database';
import type { LocalDate } from './business-time';
import type { DifferingFact } from './differing-facts';

/** The reconciliation runs (table reconciliation_runs, migration 0013) and the relay's heartbeat (relay_heartbeat, migration 0016). */

export type ReconciliationTrigger = 'daily' | 'on_demand' | 'after_outage';

/** One fact a run added to the log, in words the console can show. */
export interface RecoveredFact {
  kind: 'call' | 'message';
  /** The fact key (src/shared/events/fact-key.ts). */
  key: string;
  businessNumber: string;
  externalNumber: string;
  at: string;
}

export interface StoredRun {
  id: number;
  trigger: ReconciliationTrigger;
  fromDate: LocalDate;
  toDate: LocalDate;
  startedAt: string;
  finishedAt: string | null;
  state: 'running' | 'done' | 'failed';
  listedCalls: number;
  listedMessages: number;
  recoveredCalls: number;
  recoveredMessages: number;
  unreadable: number;
  recovered: RecoveredFact[];
  /** Calls and texts the log describes differently from OpenPhone (whole count; `differing` keeps the first). */
  differences: number;
  correctedCalls: number;
  differing: DifferingFact[];
  error: string | null;
}

interface RunRow {
  id: number;
  trigger: ReconciliationTrigger;
  from_date: string;
  to_date: string;
  started_at: string;
  finished_at: string | null;
  state: StoredRun['state'];
  listed_calls: number;
  listed_messages: number;
  recovered_calls: number;
  recovered_messages: number;
  unreadable: number;
  recovered: string;
  differences: number;
  corrected_calls: number;
  differing: string;
  error: string | null;
}

/** At most this many recovered facts are kept per run for the console; the counts are whole. */
const KEPT_FACTS = 200;

export class ReconciliationStore {
  constructor(private readonly db: RelayDatabase) {}

  started(input: { trigger: ReconciliationTrigger; fromDate: LocalDate; toDate: LocalDate; fromMs: number; toMs: number; at: string }): number {
    const result = this.db
      .prepare(`INSERT INTO reconciliation_runs (trigger, from_date, to_date, from_ms, to_ms, started_at, state) VALUES (?, ?, ?, ?, ?, ?, 'running')`)
      .run(input.trigger, input.fromDate, input.toDate, input.fromMs, input.toMs, input.at);
    return Number(result.lastInsertRowid);
  }

  finished(id: number, outcome: { at: string; listedCalls: number; listedMessages: number; recovered: readonly RecoveredFact[]; differing?: readonly DifferingFact[]; unreadable: number; error: string | null }): void {
    const calls = outcome.recovered.filter((fact) => fact.kind === 'call').length;
    const differing = outcome.differing ?? [];
    this.db
      .prepare(
        `UPDATE reconciliation_runs SET finished_at = ?, state = ?, listed_calls = ?, listed_messages = ?, recovered_calls = ?, recovered_messages = ?, unreadable = ?, recovered = ?, differences = ?, corrected_calls = ?, differing = ?, error = ? WHERE id = ?`,
      )
      .run(
        outcome.at,
        outcome.error === null ? 'done' : 'failed',
        outcome.listedCalls,
        outcome.listedMessages,
        calls,
        outcome.recovered.length - calls,
        outcome.unreadable,
        JSON.stringify(outcome.recovered.slice(0, KEPT_FACTS)),
        differing.length,
        differing.filter((fact) => fact.corrected).length,
        JSON.stringify(differing.slice(0, KEPT_FACTS)),
        outcome.error,
        id,
      );
  }

  /** Runs a relay stopped in the middle of: they never finished. */
  abandonRunning(at: string): void {
    this.db.prepare(`UPDATE reconciliation_runs SET state = 'failed', finished_at = ?, error = 'the relay stopped during this run' WHERE state = 'running'`).run(at);
  }

  /** The relay is running at `atMs`. */
  heartbeat(atMs: number): void {
    this.db.prepare('INSERT INTO relay_heartbeat (id, alive_at_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET alive_at_ms = max(alive_at_ms, excluded.alive_at_ms)').run(atMs);
  }

  /** The last time the relay was known to be running, or null before its first heartbeat. */
  lastAliveAtMs(): number | null {
    return (this.db.prepare('SELECT alive_at_ms FROM relay_heartbeat WHERE id = 1').pluck().get() as number | undefined) ?? null;
  }

  /** The last local day a daily run covered successfully. */
  lastDailyDate(): LocalDate | null {
    return (this.db.prepare(`SELECT max(to_date) FROM reconciliation_runs WHERE trigger = 'daily' AND state = 'done'`).pluck().get() as string | null) ?? null;
  }

  recent(limit: number): StoredRun[] {
    const rows = this.db.prepare('SELECT * FROM reconciliation_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[];
    return rows.map((row) => ({
      id: row.id,
      trigger: row.trigger,
      fromDate: row.from_date,
      toDate: row.to_date,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      state: row.state,
      listedCalls: row.listed_calls,
      listedMessages: row.listed_messages,
      recoveredCalls: row.recovered_calls,
      recoveredMessages: row.recovered_messages,
      unreadable: row.unreadable,
      recovered: JSON.parse(row.recovered) as RecoveredFact[],
      differences: row.differences,
      correctedCalls: row.corrected_calls,
      differing: JSON.parse(row.differing) as DifferingFact[],
      error: row.error,
    }));
  }
}
