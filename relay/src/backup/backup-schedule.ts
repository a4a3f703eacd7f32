import type { Clock } from '../../../src/shared/clock';
import type { RelayDatabase } from '../database';
import type { AlertRaiser } from '../alerts/alert-service';
import type { CheckHealth } from '../health/check-health';
import type { Logger } from '../logger';
import type { MaintenanceTurns } from '../db/maintenance-turns';
import { RedactionStore } from '../privacy/redaction-store';
import type { BackupSettings } from './backup-settings';
import { makeBackup, type BackupOutcome } from './relay-backup';

/** The first copy waits this long after start-up, so a restart loop does not copy the database on every start. */
export const FIRST_BACKUP_DELAY_MS = 60_000;
/** A failed copy is tried again this soon (or at the interval, if shorter). */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;
/** Failures in a row that tell the owner and every console: one may be a passing hiccup, the retry failing too is not. */
const FAILURES_TO_ALERT = 2;
export const BACKUP_ALERT_ID = 'backup:failing';

export interface BackupScheduleDeps {
  settings: BackupSettings & { dir: string };
  dataDir: string;
  db: RelayDatabase;
  checks: CheckHealth;
  /** Told when copies keep failing, and when they work again. */
  alerts?: AlertRaiser;
  logger: Logger;
  clock: Clock;
  /** Shared with the privacy scrub, which cannot run while a copy reads (db/maintenance-turns.ts). */
  turns: MaintenanceTurns;
  firstDelayMs?: number;
}

/**
 * Makes a backup (relay-backup.ts) every RELAY_BACKUP_INTERVAL_SECONDS, one at a time, and
 * at once after an erasure or retention run, so copies that still hold what it removed are
 * deleted without waiting for the next one. Each outcome goes to /healthz and /metrics
 * (check `backup`) and the log; a failure is tried again after a few minutes, and a second in
 * a row raises an alert (every console's banner, the owner's mail), cleared by the next copy made.
 */
export class BackupSchedule {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** A backup asked for and not started yet: later asks are answered by it. */
  private queued: Promise<BackupOutcome | null> | null = null;
  private closed = false;
  private readonly closing = new AbortController();
  private failuresInARow = 0;
  private readonly redactions: RedactionStore;

  constructor(private readonly deps: BackupScheduleDeps) {
    this.redactions = new RedactionStore(deps.db);
  }

  start(): void {
    this.schedule(this.deps.firstDelayMs ?? FIRST_BACKUP_DELAY_MS);
  }

  /** A backup after the one running, if any; resolves with it, or null if it failed. */
  runNow(): Promise<BackupOutcome | null> {
    if (this.queued !== null) return this.queued;
    const next = this.chain.then(() => {
      this.queued = null;
      return this.closed ? null : this.backup();
    });
    this.queued = next;
    this.chain = next;
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.closing.abort();
    await this.chain;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runNow(), delayMs);
    this.timer.unref();
  }

  private async backup(): Promise<BackupOutcome | null> {
    const { settings, checks, logger, clock } = this.deps;
    const startedAt = clock();
    try {
      const copy = () => makeBackup({ dataDir: this.deps.dataDir, backupDir: settings.dir, keep: settings.keep, purgeBeforeMs: this.redactions.lastRemovalAtMs(), nowMs: clock(), signal: this.closing.signal });
      const outcome = await this.deps.turns.run(copy);
      checks.recordSuccess('backup', clock());
      this.failuresInARow = 0;
      if (this.deps.alerts?.isOpen(BACKUP_ALERT_ID)) void this.deps.alerts.clear(BACKUP_ALERT_ID, "The relay's backups work again.").catch(() => undefined);
      logger.info('backup made', { file: outcome.file, headSeq: outcome.headSeq, bytes: outcome.bytes, mediaCopied: outcome.mediaCopied, mediaRemoved: outcome.mediaRemoved, deleted: outcome.deleted.length, ms: clock() - startedAt });
      this.schedule(settings.intervalMs);
      return outcome;
    } catch (error) {
      if (this.closed) return null;
      const message = error instanceof Error ? error.message : String(error);
      checks.recordFailure('backup', clock(), `The backup to ${settings.dir} failed: ${message}`);
      logger.error('backup failed', { dir: settings.dir, error: message });
      this.failuresInARow += 1;
      if (this.failuresInARow >= FAILURES_TO_ALERT) {
        const alert = { alertId: BACKUP_ALERT_ID, message: `The relay could not back up its data ${this.failuresInARow} times in a row (the last time: ${message.slice(0, 200)}). Calls and texts still arrive; whoever runs the relay should check its backup folder.` };
        // Told again at each failure: the alert service counts a repeat without mailing it twice.
        void this.deps.alerts?.raise(alert).catch(() => undefined);
      }
      this.schedule(Math.min(settings.intervalMs, RETRY_AFTER_FAILURE_MS));
      return null;
    }
  }
}
