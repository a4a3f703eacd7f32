import type { RelayPart, RelayPartDeps } from '../relay-part';
import type { MaintenanceTurns } from '../db/maintenance-turns';
import { BackupSchedule } from './backup-schedule';

/** Scheduled backups (issue 16 §4) as a part of the relay; null schedule while RELAY_BACKUP_DIR is unset. */
export function relayBackups(deps: RelayPartDeps, turns: MaintenanceTurns): RelayPart & { schedule: BackupSchedule | null } {
  const { dir } = deps.settings.backup;
  const schedule = dir === null ? null : new BackupSchedule({ settings: { ...deps.settings.backup, dir }, dataDir: deps.settings.dataDir, db: deps.db, checks: deps.checks, alerts: deps.alerts, logger: deps.logger, clock: deps.clock, turns });
  return {
    schedule,
    routes: {},
    start: () => schedule?.start(),
    close: async () => schedule?.close(),
  };
}
