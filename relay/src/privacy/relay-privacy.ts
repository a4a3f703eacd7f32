import type { RelayPart, RelayPartDeps } from '../relay-part';
import { privacyRoutes } from './privacy-routes';
import { RedactionRunner } from './redaction-runner';
import type { MaintenanceTurns } from '../db/maintenance-turns';

/** The first retention run waits this long after start-up, so a restart loop does not VACUUM on every start. */
const FIRST_RETENTION_DELAY_MS = 60_000;

/**
 * Privacy on the relay (issue 15 §4): erasures of one customer (POST/GET /v1/privacy/erasures),
 * re-reading rewritten events (POST /v1/events/read), and the retention policy applied every
 * RELAY_RETENTION_RUN_HOURS. Redactions left part-way by a stopped relay resume at start.
 */
export function relayPrivacy(deps: RelayPartDeps, options: { onRemoved: () => void; turns: MaintenanceTurns }): RelayPart {
  const runner = new RedactionRunner({
    db: deps.db,
    log: deps.log,
    accounts: deps.accounts,
    media: deps.media.store,
    logger: deps.logger,
    clock: deps.clock,
    everyLine: () => deps.devices.activeDevices().flatMap((device) => device.numbers),
    onRemoved: options.onRemoved,
    turns: options.turns,
  });
  const timers: NodeJS.Timeout[] = [];
  const retention = (): void => void runner.runRetention().catch((error: unknown) => deps.logger.error('retention run failed', { error: error instanceof Error ? error.message : String(error) }));
  return {
    routes: privacyRoutes({ db: deps.db, devices: deps.devices, accounts: deps.accounts, runner, maxBodyBytes: deps.settings.maxBodyBytes, maxJsonDepth: deps.settings.maxJsonDepth }),
    start() {
      runner.resume();
      const first = setTimeout(() => {
        retention();
        const every = setInterval(retention, deps.settings.privacy.retentionRunHours * 3_600_000);
        every.unref();
        timers.push(every);
      }, FIRST_RETENTION_DELAY_MS);
      first.unref();
      timers.push(first);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await runner.close();
    },
  };
}
