import type { RelayDatabase } from '../database';
import { CHECK_NAMES, type CheckName } from './check-names';

/** What /healthz shows operators of one check; instants are ISO strings, null when it never happened. */
export interface CheckStatus {
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** Plain words of the last failure (no secrets, no phone numbers). */
  lastFailure: string | null;
}

/**
 * The last success and last failure of each check (table check_health, migration 0014),
 * kept across restarts. Parts of the relay call `recordSuccess` / `recordFailure` when a
 * round of their work ends (a token refreshed, a reconciliation done, an alert mailed);
 * /healthz and /metrics read `snapshot()`. Writes are one small UPSERT, cheap enough for
 * every round.
 */
export class CheckHealth {
  constructor(private readonly db: RelayDatabase) {}

  /** `check` did its job at `at` (ms since the epoch). */
  recordSuccess(check: CheckName, at: number): void {
    this.db
      .prepare('INSERT INTO check_health (check_name, last_success_at_ms) VALUES (?, ?) ON CONFLICT (check_name) DO UPDATE SET last_success_at_ms = max(coalesce(last_success_at_ms, 0), excluded.last_success_at_ms)')
      .run(check, at);
  }

  /** `check` failed at `at`; `reason` in plain words, kept as the last failure. */
  recordFailure(check: CheckName, at: number, reason: string): void {
    this.db
      .prepare('INSERT INTO check_health (check_name, last_failure_at_ms, last_failure) VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET last_failure_at_ms = excluded.last_failure_at_ms, last_failure = excluded.last_failure')
      .run(check, at, reason.slice(0, 500));
  }

  /** Every known check, those never run included (nulls). */
  snapshot(): Record<CheckName, CheckStatus> {
    const rows = this.db.prepare('SELECT check_name, last_success_at_ms, last_failure_at_ms, last_failure FROM check_health').all() as {
      check_name: string;
      last_success_at_ms: number | null;
      last_failure_at_ms: number | null;
      last_failure: string | null;
    }[];
    const byName = new Map(rows.map((row) => [row.check_name, row]));
    const result = {} as Record<CheckName, CheckStatus>;
    for (const name of CHECK_NAMES) {
      const row = byName.get(name);
      result[name] = {
        lastSuccessAt: iso(row?.last_success_at_ms ?? null),
        lastFailureAt: iso(row?.last_failure_at_ms ?? null),
        lastFailure: row?.last_failure ?? null,
      };
    }
    return result;
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
