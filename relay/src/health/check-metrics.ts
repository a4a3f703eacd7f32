import { Gauge, type Registry } from 'prom-client';
import type { CheckHealth } from './check-health';

/**
 * ringside_check_last_success_timestamp_seconds{check} and …_last_failure_…: read from
 * check_health when /metrics is scraped, for an alert rule such as "token_refresh has not
 * succeeded for 2 hours". A check that never ran has no series.
 */
export function registerCheckMetrics(registry: Registry, checks: CheckHealth): void {
  const series = (name: string, help: string, pick: (status: { lastSuccessAt: string | null; lastFailureAt: string | null }) => string | null): void => {
    new Gauge({
      name,
      help,
      labelNames: ['check'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [check, status] of Object.entries(checks.snapshot())) {
          const at = pick(status);
          if (at !== null) this.set({ check }, Date.parse(at) / 1000);
        }
      },
    });
  };
  series('ringside_check_last_success_timestamp_seconds', 'When each recurring check (token refresh, reconciliation, health check, directory sync, media capture, alert email and SMS) last succeeded, seconds since the epoch.', (status) => status.lastSuccessAt);
  series('ringside_check_last_failure_timestamp_seconds', 'When each recurring check last failed, seconds since the epoch.', (status) => status.lastFailureAt);
}
