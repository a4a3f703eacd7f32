import type { Clock } from '../../../../../src/shared/clock';
import type { RingsideEvent } from '../../../../../src/shared/events/model';
import type { RelayDatabase } from '../../../database';
import type { EventLog } from '../../../log/event-log';
import type { Logger } from '../../../logger';
import { HealthCheckStore } from '../health-check/health-check-store';
import { listActivity, type ActivitySource } from './activity-source';
import { addDays, dayRange, localParts, type LocalDate } from './business-time';
import { dailyRunDue } from './daily-schedule';
import { correctionOf, differenceOf, type DifferingFact } from './differing-facts';
import { loggedFacts } from './logged-facts';
import { missingFacts } from './missing-facts';
import type { CheckRecords, OperatorAlerts } from './operations-ports';
import type { ReconciliationSettings } from './reconciliation-settings';
import { ReconciliationStore, type ReconciliationTrigger, type RecoveredFact } from './reconciliation-store';
import { differingAlertWords, failedAlertMessage, failureInWords, missingAlertMessage, nothingMissingSummary } from './run-report';

/**
 * The daily reconciliation of the log with OpenPhone's API (issue 12 §2): at
 * OPENPHONE_RECONCILE_AT in RELAY_BUSINESS_TIME_ZONE the previous day's calls and texts
 * are listed and what the log lacks is appended (missing-facts.ts); the same for a range
 * an admin asks for, and at start-up for the time the relay was down (measured from its
 * heartbeat, kept every minute while it runs). Each run is stored (reconciliation_runs)
 * for the admin console; one that found something raises one alert, one that failed
 * raises another, cleared by the next run that succeeds, and a daily one that found
 * nothing mails the owner a summary. Runs go one at a time, in the order asked.
 */

/** How often the schedule is looked at: a run starts at most this late. */
const TICK_MS = 30_000;
/** A relay down for less than this is not reconciled at start-up (a restart, a deploy): webhooks were retried meanwhile. */
export const OUTAGE_MIN_MS = 5 * 60_000;
/** How often the relay notes it is running (the heartbeat an outage is measured from). */
const HEARTBEAT_MS = 60_000;
/** The after-outage run starts this long before the relay was last known running, so nothing at the edge is left out. */
const OUTAGE_OVERLAP_MS = 5 * 60_000;
/** An outage longer than this is reconciled for its last days only; older days can be checked on demand. */
const OUTAGE_MAX_DAYS = 31;
const CLOSE_WAIT_MS = 2_000;
const FAILED_ALERT_ID = 'openphone:reconciliation-failed';

export interface ReconciliationDeps {
  source: ActivitySource;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  settings: ReconciliationSettings;
  alerts: OperatorAlerts;
  checks: CheckRecords | null;
  /** OPENPHONE_PHONE_NUMBER_IDS. */
  configuredLines: Readonly<Record<string, string>>;
  /** The events appended by a run, as the webhook pipeline hands its own on (media capture). */
  onStored?: (events: readonly RingsideEvent[]) => void;
}

export class OpenPhoneReconciliation {
  readonly store: ReconciliationStore;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Days up to this one count as done when no daily run ever finished (a new relay starts with its next scheduled run). */
  private dailyBaseline: LocalDate | null = null;

  constructor(private readonly deps: ReconciliationDeps) {
    this.store = new ReconciliationStore(deps.db);
  }

  start(): void {
    const { clock, settings } = this.deps;
    this.store.abandonRunning(new Date(clock()).toISOString());
    const local = localParts(clock(), settings.timeZone);
    this.dailyBaseline = addDays(local.date, settings.atMinutes !== null && local.minutes >= settings.atMinutes ? -1 : -2);
    this.afterOutage();
    this.beat();
    this.tick();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** An admin's range of local days: queued, answered with the run's id once it is stored. */
  requestRange(fromDate: LocalDate, toDate: LocalDate): Promise<number> {
    const { startMs } = dayRange(fromDate, this.deps.settings.timeZone);
    const { endMs } = dayRange(toDate, this.deps.settings.timeZone);
    return this.enqueue('on_demand', fromDate, toDate, startMs, endMs);
  }

  /** Resolves once every run asked for so far has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Waits a moment for a run under way (its requests may take a while); a run cut short appends nothing more and stays 'running' until the next start marks it failed. */
  async close(): Promise<void> {
    if (!this.closed) this.store.heartbeat(this.deps.clock());
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  /** Looks whether the daily run is due (exposed for a fake clock). */
  tick(): void {
    const { clock, settings } = this.deps;
    if (this.closed) return;
    if (clock() - this.lastBeatMs >= HEARTBEAT_MS) this.beat();
    if (settings.atMinutes === null) return;
    const date = dailyRunDue({ nowMs: clock(), timeZone: settings.timeZone, atMinutes: settings.atMinutes, lastDailyDate: this.store.lastDailyDate() ?? this.dailyBaseline });
    if (date === null || this.pendingDaily === date) return;
    this.pendingDaily = date;
    const { startMs, endMs } = dayRange(date, settings.timeZone);
    void this.enqueue('daily', date, date, startMs, endMs).finally(() => {
      if (this.pendingDaily === date) this.pendingDaily = null;
    });
  }

  private pendingDaily: LocalDate | null = null;
  private lastBeatMs = Number.NEGATIVE_INFINITY;

  private beat(): void {
    this.lastBeatMs = this.deps.clock();
    this.store.heartbeat(this.lastBeatMs);
  }

  /** Down since the relay was last known running: its heartbeat, or (before its first) its last event stored. */
  private afterOutage(): void {
    const { db, clock, settings } = this.deps;
    const last = db.prepare('SELECT stored_at FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined;
    const lastEventMs = last === undefined ? Number.NaN : Date.parse(last);
    const candidates = [this.store.lastAliveAtMs() ?? Number.NaN, lastEventMs].filter((ms) => !Number.isNaN(ms));
    if (candidates.length === 0) return;
    const now = clock();
    const lastMs = Math.max(...candidates);
    if (now - lastMs < OUTAGE_MIN_MS) return;
    const fromMs = Math.max(lastMs - OUTAGE_OVERLAP_MS, now - OUTAGE_MAX_DAYS * 86_400_000);
    this.deps.logger.info('the relay was down; reconciling the time since it was last running with OpenPhone', { since: new Date(lastMs).toISOString() });
    void this.enqueue('after_outage', localParts(fromMs, settings.timeZone).date, localParts(now, settings.timeZone).date, fromMs, now);
  }

  private enqueue(trigger: ReconciliationTrigger, fromDate: LocalDate, toDate: LocalDate, fromMs: number, toMs: number): Promise<number> {
    const { clock } = this.deps;
    const runId = this.store.started({ trigger, fromDate, toDate, fromMs, toMs, at: new Date(clock()).toISOString() });
    this.queue = this.queue.then(() =>
      this.run(runId, trigger, fromDate, toDate, fromMs, toMs).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.deps.logger.error('OpenPhone reconciliation failed unexpectedly', { runId, error: message });
        this.store.finished(runId, { at: new Date(clock()).toISOString(), listedCalls: 0, listedMessages: 0, recovered: [], unreadable: 0, error: 'the relay met an unexpected error' });
      }),
    );
    return Promise.resolve(runId);
  }

  private async run(runId: number, trigger: ReconciliationTrigger, fromDate: LocalDate, toDate: LocalDate, fromMs: number, toMs: number): Promise<void> {
    const { source, log, logger, clock, alerts, checks } = this.deps;
    if (this.closed) {
      this.store.finished(runId, { at: new Date(clock()).toISOString(), listedCalls: 0, listedMessages: 0, recovered: [], unreadable: 0, error: 'the relay stopped before this run' });
      return;
    }
    const listing = await listActivity(source, { fromMs, toMs }, this.deps.configuredLines);
    const at = (): string => new Date(clock()).toISOString();
    if (!listing.ok) {
      const reason = failureInWords(listing.failure, listing.step);
      logger.warn('OpenPhone reconciliation could not list the activity', { runId, step: listing.step, kind: listing.failure.kind });
      this.store.finished(runId, { at: at(), listedCalls: 0, listedMessages: 0, recovered: [], unreadable: 0, error: reason });
      checks?.recordFailure('reconciliation', clock(), reason);
      await alerts.raise({ alertId: FAILED_ALERT_ID, message: failedAlertMessage(fromDate, toDate, reason), severity: 'warning' });
      return;
    }
    if (this.closed) return;
    const found = missingFacts(listing.activity, { phoneNumberIds: listing.phoneNumberIds, receivedAt: at(), has: (key) => log.seqOfFact(key) !== null, healthChecks: new HealthCheckStore(this.deps.db) });
    const appended: RingsideEvent[] = [];
    const recovered: RecoveredFact[] = [];
    for (const event of found.events) {
      if (this.closed) return;
      const result = await log.append(event);
      if (result.duplicate) continue;
      appended.push(event);
      recovered.push(describe(event));
    }
    if (appended.length > 0) this.deps.onStored?.(appended);
    // What the log holds but OpenPhone describes differently; a call's talk time is corrected (differing-facts.ts).
    const logged = loggedFacts(this.deps.db, log, found.present.map((fact) => fact.key));
    const differing: DifferingFact[] = [];
    for (const { key, event } of found.present) {
      const held = logged.get(key);
      const difference = held === undefined ? null : differenceOf(key, event, held);
      if (difference === null) continue;
      differing.push(difference);
      const correction = event.type === 'call.completed' ? correctionOf(difference, event.data.callId, at(), event.lines) : null;
      if (correction !== null && !this.closed) await log.append(correction);
    }
    differing.sort((a, b) => a.at.localeCompare(b.at));
    this.store.finished(runId, { at: at(), listedCalls: listing.activity.calls.length, listedMessages: listing.activity.messages.length, recovered, differing, unreadable: found.unreadable.length, error: null });
    checks?.recordSuccess('reconciliation', clock());
    logger.info('OpenPhone reconciliation done', { runId, trigger, fromDate, toDate, listedCalls: listing.activity.calls.length, listedMessages: listing.activity.messages.length, recovered: recovered.length, differing: differing.length, unreadable: found.unreadable.length });
    if (alerts.isOpen(FAILED_ALERT_ID)) await alerts.clear(FAILED_ALERT_ID, 'Ringside checks its calls and texts against OpenPhone again.');
    if (recovered.length === 0 && differing.length === 0 && trigger === 'daily' && this.deps.settings.summaryEmail) {
      alerts.summarize({ summaryId: `summary:openphone-reconciliation:${toDate}`, message: nothingMissingSummary(fromDate, listing.activity.calls.length, listing.activity.messages.length, found.unreadable.length) });
    }
    if (recovered.length > 0 || differing.length > 0) {
      const missing = recovered.length > 0 ? missingAlertMessage(trigger, fromDate, toDate, recovered) : null;
      const different = differing.length > 0 ? differingAlertWords(trigger, fromDate, toDate, differing, missing === null) : null;
      await alerts.raise({
        alertId: `openphone:reconciliation:${runId}`,
        message: [missing, different].filter((part) => part !== null).join(' '),
        severity: 'warning',
        lines: [...new Set([...recovered, ...differing].map((fact) => fact.businessNumber))],
      });
    }
  }
}

function describe(event: RingsideEvent): RecoveredFact {
  const key = event.id.replace(/^reconciliation:/, '');
  if (event.type === 'message.recorded') {
    return { kind: 'message', key, businessNumber: event.data.businessNumber, externalNumber: event.data.participants.join(', '), at: event.data.sentAt };
  }
  const data = event.data as { businessNumber: string; externalNumber: string; startedAt: string };
  return { kind: 'call', key, businessNumber: data.businessNumber, externalNumber: data.externalNumber, at: data.startedAt };
}
