import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../../../src/shared/clock';
import type { RingsideEvent } from '../../../../../src/shared/events/model';
import type { RelayDatabase } from '../../../database';
import type { EventLog, LogEntry } from '../../../log/event-log';
import type { Logger } from '../../../logger';
import type { CheckRecords, OperatorAlerts } from '../reconciliation/operations-ports';
import { failureInWords } from '../reconciliation/run-report';
import type { OpenPhoneRestClient } from '../rest/openphone-rest-client';
import { healthCheckMarkerOf, healthCheckText } from './health-check-marker';
import type { HealthCheckSettings } from './health-check-settings';
import { HealthCheckStore } from './health-check-store';

/**
 * The health check of OpenPhone's webhooks (issue 12 §3): at start-up and every
 * OPENPHONE_HEALTH_CHECK_HOURS the relay texts from one of the business's lines to
 * another through OpenPhone's API, with a marker, and expects the receiving line's
 * message.received webhook within OPENPHONE_HEALTH_CHECK_WAIT_SECONDS. A webhook that
 * does not come (or a text that cannot be sent) raises a critical alert; the next one
 * that comes clears it and records the check's success. The texts are stored flagged
 * `healthCheck` (health-check-marker.ts: only the relay's own marker between its two
 * lines) and never shown or billed.
 */

/** How often the deadline and the schedule are looked at. */
const TICK_MS = 1_000;
export const HEALTH_CHECK_ALERT_ID = 'openphone:health-check';

export interface HealthCheckDeps {
  client: Pick<OpenPhoneRestClient, 'sendMessage'>;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  settings: HealthCheckSettings & { lines: { from: string; to: string } };
  alerts: OperatorAlerts;
  checks: CheckRecords | null;
}

export class OpenPhoneHealthCheck {
  readonly store: HealthCheckStore;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private sending: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: HealthCheckDeps) {
    this.store = new HealthCheckStore(deps.db);
  }

  start(): void {
    this.unsubscribe = this.deps.log.onCommitted((entries) => this.noticeCommitted(entries));
    this.tick();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.sending;
  }

  /** Fails the checks past their deadline and sends the next when due (exposed for a fake clock). */
  tick(): void {
    if (this.closed) return;
    const now = this.deps.clock();
    for (const check of this.store.waiting()) {
      if (now >= check.deadlineMs) this.failed(check.marker, `the test text's webhook did not arrive within ${Math.round(this.deps.settings.waitMs / 1000)} seconds`);
    }
    const latest = this.store.latest();
    if (this.sending === null && (latest === null || now >= latest.sentAtMs + this.deps.settings.intervalMs)) {
      this.sending = this.send().finally(() => {
        this.sending = null;
      });
    }
  }

  private async send(): Promise<void> {
    const { client, clock, settings, logger } = this.deps;
    const marker = randomBytes(8).toString('hex');
    const now = clock();
    // Stored before sending: the webhook can arrive before OpenPhone's answer does.
    this.store.sent({ marker, from: settings.lines.from, to: settings.lines.to, sentAtMs: now, deadlineMs: now + settings.waitMs });
    const sent = await client.sendMessage({ from: settings.lines.from, to: settings.lines.to, content: healthCheckText(marker) });
    if (!sent.ok) {
      logger.warn('the health check could not send its test text', { kind: sent.kind });
      this.failed(marker, `the test text could not be sent: ${failureInWords(sent, 'the text')}`);
    }
  }

  private noticeCommitted(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      // Cheap before parsing: only a marked text can pass a check.
      if (!entry.json.includes('ringside-health:')) continue;
      const event = JSON.parse(entry.json) as RingsideEvent;
      // Flagged on the way in only when the relay issued its marker between its two lines (health-check-marker.ts).
      if (event.type !== 'message.recorded' || !event.data.healthCheck || event.data.direction !== 'incoming' || event.data.businessNumber !== this.deps.settings.lines.to) continue;
      const marker = healthCheckMarkerOf(event.data.body);
      if (marker !== null) this.passed(marker);
    }
  }

  private passed(marker: string): void {
    const { clock, checks, alerts, logger } = this.deps;
    const now = clock();
    if (!this.store.finish(marker, 'passed', now, null)) return;
    checks?.recordSuccess('health_check', now);
    logger.info('health check passed: the test text came back by webhook');
    if (alerts.isOpen(HEALTH_CHECK_ALERT_ID)) {
      void alerts.clear(HEALTH_CHECK_ALERT_ID, "OpenPhone's webhooks reach Ringside again: the health check's test text arrived.").catch((error: unknown) => logger.warn('the health-check alert could not be cleared', { error: String(error) }));
    }
  }

  private failed(marker: string, reason: string): void {
    const { clock, checks, alerts, logger, settings } = this.deps;
    const now = clock();
    if (!this.store.finish(marker, 'failed', now, reason)) return;
    checks?.recordFailure('health_check', now, reason);
    logger.warn('health check failed', { reason });
    const message = `Calls and texts may not be reaching Ringside: the health check texted ${settings.lines.to} from ${settings.lines.from} through OpenPhone and ${reason}. Check the webhooks in OpenPhone's settings and that the relay is reachable from the internet.`;
    void alerts.raise({ alertId: HEALTH_CHECK_ALERT_ID, message, severity: 'critical', lines: [settings.lines.from, settings.lines.to] }).catch((error: unknown) => logger.warn('the health-check alert could not be raised', { error: String(error) }));
  }
}
