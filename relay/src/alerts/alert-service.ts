import type { Clock } from '../../../src/shared/clock';
import type { RelayDatabase } from '../database';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import { clearingChannels, decideRaise } from './alert-decisions';
import type { AlertDeliveries } from './alert-deliveries';
import { SUMMARY_PREFIX } from './alert-notice';
import { AlertStore } from './alert-store';
import { relayAlertEvent, type AlertChannelName, type AlertSeverity } from './relay-alert-event';

/** One alert as a part of the relay raises it. */
export interface AlertToRaise {
  /** Stable per trouble (`quickbooks:reconnect`, `media:<mediaId>`, `health-check:<line>`): the unit of deduplication. */
  alertId: string;
  /** Plain words for a receptionist and the owner: what is wrong and what to do. */
  message: string;
  /** critical: also texted to the owner's phone (RELAY_ALERT_SMS_TO). Default warning. */
  severity?: AlertSeverity;
  /** The business lines it concerns (agents of other lines do not see it); none: every console. Default: as last raised, else none. */
  lines?: readonly string[];
}

export type RaiseOutcome = 'raised' | 'repeated' | 'reworded';

/**
 * What other parts of the relay use to tell the operators something (media capture, the
 * directory sync, webhooks, QuickBooks, reconciliation, health checks, the import).
 */
export interface AlertRaiser {
  /**
   * Raises an alert: a `relay.alert` raised in every console's banner (until acknowledged
   * or cleared), an email to the owner and, when critical, an SMS. Deduplicated: raising an
   * alert that is open again with the same words is only counted ('repeated'); with new
   * words the banner shows them ('reworded') without a second mail. Resolves once the
   * event is durably in the log (rejects when the log cannot take it: try again later).
   */
  raise(alert: AlertToRaise): Promise<RaiseOutcome>;
  /**
   * Clears it: a `relay.alert` cleared with `message` ("OpenPhone accepts Ringside's key
   * again."), which takes it out of every banner; mailed when its raising was. False when it
   * was not open (nothing appended, except for an alert raised before this service kept
   * track of alerts, whose clearing is appended so its banner line goes).
   */
  clear(alertId: string, message: string): Promise<boolean>;
  isOpen(alertId: string): boolean;
}

export interface AlertServiceDeps {
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  /** Where mail and SMS go out from, durably (alert-deliveries.ts). */
  deliveries: AlertDeliveries;
  /** An alert raised anew within this long of the last time it was sent is not sent again (RELAY_ALERT_REPEAT_MINUTES). */
  repeatMs: number;
  /**
   * Every business line the team works (the agents' lines): an alert about no line in
   * particular is shown on these, so every agent's banner has it (an agent device sees
   * only its lines' events).
   */
  everyLine?: () => readonly string[];
  onRaised?: (outcome: RaiseOutcome) => void;
}

/**
 * The relay's one alert service. State per alertId in the alerts table; the event is
 * appended first with an id derived from the alert's episode (`alert:<id>:raised:<n>`), so
 * a crash between the append and the table update appends a duplicate the log ignores.
 * Calls for one alertId run one after another.
 */
export class AlertService implements AlertRaiser {
  private readonly store: AlertStore;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: AlertServiceDeps) {
    this.store = new AlertStore(deps.db);
  }

  raise(alert: AlertToRaise): Promise<RaiseOutcome> {
    return this.serially(alert.alertId, async () => {
      const { log, clock, deliveries, db } = this.deps;
      const now = clock();
      const severity = alert.severity ?? 'warning';
      const row = this.store.find(alert.alertId);
      const lines = normalizedLines(alert.lines ?? row?.lines ?? []);
      const decision = decideRaise(row, { message: alert.message, severity }, now, { repeatMs: this.deps.repeatMs, configured: deliveries.configured });
      if (decision.kind === 'repeated') {
        this.store.repeated(alert.alertId, now);
        this.deps.onRaised?.('repeated');
        return 'repeated';
      }
      const episode = decision.kind === 'raised' ? decision.episode : row!.episode;
      const eventId = decision.kind === 'raised' ? `alert:${alert.alertId}:raised:${episode}` : `alert:${alert.alertId}:raised:${episode}:${row!.raises + 1}`;
      await log.append(relayAlertEvent({ alertId: alert.alertId, eventId, state: 'raised', message: alert.message, lines: this.shownOn(lines), severity, channels: decision.channels }, now));
      db.transaction(() => {
        const notified = decision.channels.length > 0;
        if (decision.kind === 'raised') this.store.opened({ alertId: alert.alertId, severity, message: alert.message, lines, episode, notified }, now);
        else this.store.reworded(alert.alertId, { message: alert.message, severity, lines, notified }, now);
        deliveries.enqueue(decision.channels.map((channel) => ({ alertId: alert.alertId, episode, kind: 'raised' as const, channel, severity, message: alert.message })), now);
      })();
      deliveries.kick();
      this.deps.logger.warn('alert raised', { alertId: alert.alertId, severity, channels: decision.channels, kind: decision.kind });
      this.deps.onRaised?.(decision.kind);
      return decision.kind;
    });
  }

  clear(alertId: string, message: string): Promise<boolean> {
    return this.serially(alertId, async () => {
      const { log, clock, deliveries, db } = this.deps;
      const now = clock();
      const row = this.store.find(alertId);
      if (row?.state === 'cleared') return false;
      if (row === null) {
        // Raised before the alerts table existed (or never): clearing costs a duplicate at worst.
        await log.append(relayAlertEvent({ alertId, eventId: `alert:${alertId}:cleared:0`, state: 'cleared', message, lines: this.shownOn([]) }, now));
        return false;
      }
      const channels: AlertChannelName[] = clearingChannels(row, deliveries.configured);
      await log.append(relayAlertEvent({ alertId, eventId: `alert:${alertId}:cleared:${row.episode}`, state: 'cleared', message, lines: this.shownOn(row.lines), severity: row.severity, channels }, now));
      db.transaction(() => {
        this.store.cleared(alertId, message, now);
        deliveries.enqueue(channels.map((channel) => ({ alertId, episode: row.episode, kind: 'cleared' as const, channel, severity: row.severity, message })), now);
      })();
      deliveries.kick();
      this.deps.logger.info('alert cleared', { alertId });
      return true;
    });
  }

  isOpen(alertId: string): boolean {
    return this.store.find(alertId)?.state === 'open';
  }

  /**
   * Mails the owner a short summary (`summaryId` such as `summary:openphone-reconciliation:<day>`):
   * no banner, no SMS, through the same durable deliveries as alerts, once per id. False
   * when no alert email is configured (nothing is owed).
   */
  summarize(summary: { summaryId: string; message: string }): boolean {
    const { deliveries, db, clock } = this.deps;
    if (!deliveries.configured.has('email')) return false;
    const summaryId = summary.summaryId.startsWith(SUMMARY_PREFIX) ? summary.summaryId : `${SUMMARY_PREFIX}${summary.summaryId}`;
    db.transaction(() => deliveries.enqueue([{ alertId: summaryId, episode: 1, kind: 'raised', channel: 'email', severity: 'warning', message: summary.message }], clock()))();
    deliveries.kick();
    this.deps.logger.info('summary mailed', { summaryId });
    return true;
  }

  openCount(): number {
    return this.store.openCount();
  }

  /** The lines an alert's event carries: its own, or for one about no line, every line of the team. */
  private shownOn(lines: readonly string[]): string[] {
    return lines.length > 0 ? [...lines] : normalizedLines(this.deps.everyLine?.() ?? []);
  }

  private serially<T>(alertId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(alertId) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.queues.set(alertId, settled);
    void settled.then(() => {
      if (this.queues.get(alertId) === settled) this.queues.delete(alertId);
    });
    return next;
  }
}

function normalizedLines(lines: readonly string[]): string[] {
  return [...new Set(lines)].sort();
}
