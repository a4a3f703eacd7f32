import type { Clock } from '../../src/shared/clock';
import type { RelayAccounts } from './accounts/relay-accounts';
import type { AlertService } from './alerts/alert-service';
import type { RelayDatabase } from './database';
import type { DeviceRegistry } from './devices/device-registry';
import type { CheckHealth } from './health/check-health';
import type { Handler } from './http/request-context';
import type { EventLog } from './log/event-log';
import type { Logger } from './logger';
import type { MediaCapturer } from './media/media-capturer';
import type { RelaySettings } from './config';

/** What the relay gives each of its optional parts (transcription, jobs, privacy) when it starts them. */
export interface RelayPartDeps {
  settings: RelaySettings;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  accounts: RelayAccounts;
  devices: DeviceRegistry;
  media: MediaCapturer;
  alerts: AlertService;
  checks: CheckHealth;
}

/** A part of the relay: its routes (CALENDAR_PATH_PREFIX serves every path below it, see PATH_PREFIXES in server.ts), started once the relay listens, closed before the log closes. */
export interface RelayPart {
  routes: Record<string, Partial<Record<string, Handler>>>;
  start(): void;
  close(): Promise<void>;
}
