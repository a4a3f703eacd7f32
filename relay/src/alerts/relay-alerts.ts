import type { Registry } from 'prom-client';
import type { Clock } from '../../../src/shared/clock';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';
import type { CheckHealth } from '../health/check-health';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { OpenPhoneRestClient } from '../providers/openphone/rest/openphone-rest-client';
import { AlertDeliveries, type AlertChannel } from './alert-deliveries';
import { emailChannel } from './alert-email';
import { AlertMetrics } from './alert-metrics';
import { AlertService } from './alert-service';
import type { AlertSettings } from './alert-settings';
import { smsChannel } from './alert-sms';

/** First retry of a failed mail or SMS within a second; doubling to RELAY_ALERT_RETRY_MAX_SECONDS. */
const RETRY_BASE_MS = 1_000;

/** The relay's alert service with its channels as the settings set them up, and its metrics. */
export function relayAlerts(deps: {
  settings: AlertSettings;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  registry: Registry;
  health: CheckHealth;
  openPhoneClient: OpenPhoneRestClient | null;
  /** The team's lines, for alerts about no line in particular (see AlertServiceDeps.everyLine). */
  everyLine: () => readonly string[];
}): { service: AlertService; deliveries: AlertDeliveries; channels: readonly AlertChannel[] } {
  const channels: AlertChannel[] = [];
  if (deps.settings.email !== null) channels.push(emailChannel(deps.settings.email));
  if (deps.settings.sms !== null && deps.openPhoneClient !== null) {
    const recorder = {
      record: (event: RingsideEvent) => deps.log.append(event),
      now: () => new Date(deps.clock()).toISOString(),
      failed: (error: string) => deps.logger.warn('an alert text was sent but could not be recorded; its echo may show in the feed', { error }),
    };
    channels.push(smsChannel(deps.openPhoneClient, deps.settings.sms, recorder));
  }
  let service: AlertService | null = null;
  let deliveries: AlertDeliveries | null = null;
  const metrics = new AlertMetrics(deps.registry, { open: () => service!.openCount(), pending: (channel) => deliveries!.pendingCount(channel), channels: channels.map((channel) => channel.name) });
  deliveries = new AlertDeliveries({
    db: deps.db,
    channels,
    clock: deps.clock,
    logger: deps.logger,
    health: deps.health,
    observer: metrics,
    perHour: deps.settings.messagesPerHour,
    backoff: { baseMs: Math.min(RETRY_BASE_MS, deps.settings.retryCapMs), capMs: deps.settings.retryCapMs },
  });
  service = new AlertService({ db: deps.db, log: deps.log, logger: deps.logger, clock: deps.clock, deliveries, repeatMs: deps.settings.repeatMs, everyLine: deps.everyLine, onRaised: (outcome) => metrics.raised(outcome) });
  return { service, deliveries, channels };
}
